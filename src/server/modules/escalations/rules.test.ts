import { describe, expect, it } from 'vitest';
import type { PutEscalationMatrixBody } from '../../../contracts/escalations';
import { checkMatrix, responseMinutes } from './rules';

type Level = PutEscalationMatrixBody['levels'][number];
const level = (n: number, extra: Partial<Level> = {}): Level => ({
  level: n,
  title: `Level ${n}`,
  channel: 'email',
  responseTime: { value: 4, unit: 'hours' },
  internalContacts: ['usr_a'],
  vendorContacts: ['con_x'],
  notes: '',
  ...extra,
});
const internal = new Set(['usr_a', 'usr_b']);
const contacts = new Set(['con_x', 'con_y']);

describe('responseMinutes', () => {
  it('turns hours into minutes and keeps minutes', () => {
    expect(responseMinutes(4, 'hours')).toBe(240);
    expect(responseMinutes(1, 'hours')).toBe(60);
    expect(responseMinutes(90, 'minutes')).toBe(90);
    // Thirty days, the longest target, in minutes.
    expect(responseMinutes(720, 'hours')).toBe(43_200);
  });
});

describe('checkMatrix', () => {
  it('accepts levels 1, 2, 3 naming active internal users and the vendor’s contacts', () => {
    const body = {
      levels: [
        level(1),
        level(2, { internalContacts: ['usr_a', 'usr_b'] }),
        level(3, { vendorContacts: ['con_y'] }),
      ],
    };
    expect(checkMatrix(body, internal, contacts)).toEqual([]);
    expect(checkMatrix({ levels: [] }, internal, contacts)).toEqual([]);
  });

  it('names each level out of order by its index', () => {
    const errors = checkMatrix({ levels: [level(1), level(3), level(2)] }, internal, contacts);
    expect(errors.map((e) => e.field)).toEqual(['levels.1.level', 'levels.2.level']);
    expect(errors[0]!.message).toMatch(/^must be 2:/);
    expect(errors[1]!.message).toMatch(/^must be 3:/);
    expect(checkMatrix({ levels: [level(2)] }, internal, contacts).map((e) => e.field)).toEqual([
      'levels.0.level',
    ]);
  });

  it('names each unknown person by level and position', () => {
    const body = {
      levels: [
        level(1, { internalContacts: ['usr_a', 'usr_gone'], vendorContacts: ['con_other'] }),
        level(2, { internalContacts: ['usr_nobody'], vendorContacts: ['con_x', 'con_y', 'usr_a'] }),
      ],
    };
    expect(checkMatrix(body, internal, contacts)).toEqual([
      { field: 'levels.0.internalContacts.1', message: 'must be the id of an active internal user' },
      {
        field: 'levels.0.vendorContacts.0',
        message: 'must be the id of a contact of the engagement’s vendor',
      },
      { field: 'levels.1.internalContacts.0', message: 'must be the id of an active internal user' },
      {
        field: 'levels.1.vendorContacts.2',
        message: 'must be the id of a contact of the engagement’s vendor',
      },
    ]);
  });
});
