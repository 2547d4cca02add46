/**
 * Read fragments of the engagements table for other modules' queries (an engagement's title in a
 * list, the engagements of a vendor user's scope): they compose these instead of naming the
 * table, so its shape is known here only.
 */
import type { ExpressionBuilder, SelectQueryBuilder, StringReference } from 'kysely';
import { joinsOf, type Picks } from '../../db/fragments';
import type { DB } from '../../db/schema';
import { joinVendor } from '../vendors/queries';

const engagements = joinsOf('engagements');

/** Each row's engagement (`joinEngagement(q, 'x.engagementId', { engagementTitle: 'title' })`). */
export const joinEngagement = engagements.inner;

/** Each row's engagement, when it may have none (the picked columns are null then). */
export const leftJoinEngagement = engagements.left;

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
