/** The days of a site's work week, Monday first, as the API names them and as the page shows them. */
export const DAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;
export type Day = (typeof DAYS)[number][0];
