import type { Organisation } from '../../../contracts/accounts';

/** What the organisation is until an admin says otherwise. */
export const DEFAULT_ORGANISATION: Organisation = {
  name: 'My organisation',
  country: 'US',
  timezone: 'UTC',
  currency: 'USD',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

export function withDefaults(partial: Partial<Organisation> | undefined): Organisation {
  return { ...DEFAULT_ORGANISATION, ...(partial ?? {}) };
}
