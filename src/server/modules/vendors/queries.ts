/**
 * Read fragments of the vendors table for other modules' queries (a vendor's name in a list):
 * they compose these instead of naming the table, so its shape is known here only.
 */
import type { SelectQueryBuilder, StringReference } from 'kysely';
import { joinPicking, type Picks } from '../../db/fragments';

/** Each row's vendor (every row has one), with the `picks` columns under the caller's names. */
export const joinVendor = <D, TB extends keyof D, O, P extends Picks<'vendors'>>(
  q: SelectQueryBuilder<D, TB, O>,
  vendorId: StringReference<D, TB>,
  picks: P,
) => joinPicking(q, 'inner', 'vendors', vendorId, picks);

/** Like `joinVendor` for rows that may have no vendor: the picked columns are null then. */
export const leftJoinVendor = <D, TB extends keyof D, O, P extends Picks<'vendors'>>(
  q: SelectQueryBuilder<D, TB, O>,
  vendorId: StringReference<D, TB>,
  picks: P,
) => joinPicking<D, TB, O, 'vendors', P, null>(q, 'left', 'vendors', vendorId, picks);
