import { describe, expect, it } from 'vitest';
import { Organisation } from '../../../contracts/accounts';
import { DEFAULT_ORGANISATION, withDefaults } from './rules';

describe('the organisation', () => {
  it('is, until an admin says otherwise, a US organisation in UTC working 9 to 5, Monday to Friday', () => {
    expect(withDefaults(undefined)).toEqual({
      name: 'My organisation',
      country: 'US',
      timezone: 'UTC',
      currency: 'USD',
      workdays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
    });
    // The defaults themselves are a valid organisation.
    expect(Organisation.safeParse(DEFAULT_ORGANISATION).success).toBe(true);
  });

  it('keeps what is stored and fills in only what is missing', () => {
    expect(withDefaults({ name: 'Acme', timezone: 'Europe/Berlin', currency: 'EUR' })).toEqual({
      name: 'Acme',
      country: 'US',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      workdays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
    });
    // Whole fields are replaced, not merged: a stored work week is the work week.
    expect(withDefaults({ workdays: [7, 1, 2, 3, 4] }).workdays).toEqual([7, 1, 2, 3, 4]);
  });

  it('answers a new object each time, so a caller that changes it changes nothing else', () => {
    const a = withDefaults(undefined);
    expect(a).not.toBe(withDefaults(undefined));
    a.name = 'Changed';
    expect(withDefaults(undefined).name).toBe('My organisation');
  });
});
