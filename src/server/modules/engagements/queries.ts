/**
 * Read fragments of the engagements table for other modules' queries (an engagement's title in a
 * list, the engagements of a vendor user's scope): they compose these instead of naming the
 * table, so its shape is known here only.
 */
import type { ExpressionBuilder, SelectQueryBuilder, StringReference } from 'kysely';
import { joinPicking, type Picks } from '../../db/fragments';
import type { DB } from '../../db/schema';
import { joinVendor } from '../vendors/queries';

/** Each row's engagement (every row has one), with the `picks` columns under the caller's names. */
export const joinEngagement = <D, TB extends keyof D, O, P extends Picks<'engagements'>>(
  q: SelectQueryBuilder<D, TB, O>,
  engagementId: StringReference<D, TB>,
  picks: P,
) => joinPicking(q, 'inner', 'engagements', engagementId, picks);

/** Like `joinEngagement` for rows that may have no engagement: the picked columns are null then. */
export const leftJoinEngagement = <D, TB extends keyof D, O, P extends Picks<'engagements'>>(
  q: SelectQueryBuilder<D, TB, O>,
  engagementId: StringReference<D, TB>,
  picks: P,
) => joinPicking<D, TB, O, 'engagements', P, null>(q, 'left', 'engagements', engagementId, picks);

/** `joinEngagement`, and the engagement's vendor with the `vendorPicks` columns. */
export const joinEngagementAndVendor = <
  D,
  TB extends keyof D,
  O,
  P extends Picks<'engagements'>,
  V extends Picks<'vendors'>,
>(
  q: SelectQueryBuilder<D, TB, O>,
  engagementId: StringReference<D, TB>,
  picks: P,
  vendorPicks: V,
) =>
  joinVendor(
    joinEngagement(q, engagementId, picks),
    'engagements.vendorId' as unknown as StringReference<D, TB>,
    vendorPicks,
  );

/** The ids of a vendor's engagements, as a subquery (`engagementId in …`: a vendor user's scope). */
export const engagementIdsOfVendor = <D extends DB, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>,
  vendorId: string,
) =>
  (eb as unknown as ExpressionBuilder<DB, never>)
    .selectFrom('engagements')
    .select('engagements.id')
    .where('engagements.vendorId', '=', vendorId);
