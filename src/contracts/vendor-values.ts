/**
 * The vendor's enumerated values, without zod: the vendor list page is a first page and must stay
 * small (docs/performance.md, "Web bundle"), so it reads these from here rather than from the
 * contract file with its schemas.
 */
export const VENDOR_STATUSES = [
  'prospect',
  'under_review',
  'approved',
  'active',
  'suspended',
  'offboarded',
] as const;
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const VENDOR_SORTS = [
  'name',
  '-name',
  'country',
  '-country',
  'createdAt',
  '-createdAt',
  'status',
  '-status',
] as const;
