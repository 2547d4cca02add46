import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/helpers/databases';
import { afterCommit } from './database';

describe.each(dialects)('afterCommit on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(() => t.cleanup());

  const write = (tx: Parameters<typeof afterCommit>[0], key: string) =>
    tx.insertInto('settings').values({ key, value: '1', updatedAt: new Date().toISOString() }).execute();
  const stored = async (key: string) =>
    (await t.database.db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst()) !==
    undefined;

  it('runs once the transaction has committed, in the order registered', async () => {
    const seen: number[] = [];
    let ranInside = false;
    await t.database.db.transaction().execute(async (tx) => {
      await write(tx, 'a');
      afterCommit(tx, () => {
        seen.push(1);
      });
      afterCommit(tx, () => {
        seen.push(2);
      });
      ranInside = seen.length > 0;
    });
    expect(ranInside).toBe(false);
    expect(seen).toEqual([1, 2]);
    expect(await stored('a')).toBe(true);
  });

  it('does not run when the transaction rolls back', async () => {
    let ran = false;
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await write(tx, 'b');
        afterCommit(tx, () => {
          ran = true;
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(ran).toBe(false);
    expect(await stored('b')).toBe(false);
  });

  it('runs at once outside a transaction', () => {
    let ran = false;
    afterCommit(t.database.db, () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
