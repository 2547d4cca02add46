import { describe, expect, it } from 'vitest';
import { rewind } from './rules';

describe('rewind: records as they stood before a set of audit events', () => {
  it('undoes updates newest first, drops records created since and rebuilds records deleted since', () => {
    const current = new Map([
      ['v1', { id: 'v1', name: 'Acme', lei: 'NEW' }],
      ['v3', { id: 'v3', name: 'Later' }],
    ]);
    const { records, restored } = rewind(current, [
      { seq: 10, action: 'vendor.update', entityId: 'v1', changes: { lei: { before: null, after: 'MID' } } },
      { seq: 11, action: 'vendor.update', entityId: 'v1', changes: { lei: { before: 'MID', after: 'NEW' } } },
      { seq: 12, action: 'vendor.create', entityId: 'v3', changes: { name: { after: 'Later' } } },
      {
        seq: 13,
        action: 'vendor.delete',
        entityId: 'v2',
        changes: { name: { before: 'Gone' }, lei: { before: 'OLD' } },
      },
    ]);
    expect(Object.fromEntries(records)).toEqual({
      v1: { id: 'v1', name: 'Acme', lei: null },
      v2: { id: 'v2', name: 'Gone', lei: 'OLD' },
    });
    expect(restored).toBe(4);
  });

  it('removes a field that did not exist before the change', () => {
    const { records } = rewind(new Map([['o', { id: 'o', lei: 'X' }]]), [
      { seq: 1, action: 'organisation.update', entityId: 'o', changes: { lei: { after: 'X' } } },
    ]);
    expect(records.get('o')).toEqual({ id: 'o' });
  });
});
