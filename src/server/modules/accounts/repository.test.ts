import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../../../../test/helpers/databases';
import { countAttempt, findFailure, uncountAttempt } from './repository';
import { attemptWindow, THROTTLE } from './rules';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The one statement that counts a sign-in attempt: its window, its lock and its refusal, on each engine. */
describe.each(dialects)('counting sign-in attempts on %s', (dialect) => {
  let t: TestDatabase;
  let n = 0;
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t?.cleanup());
  const count = (ms: number, limit = THROTTLE.lockAfterAccount) =>
    countAttempt(t.database.db, key, attemptWindow(at(ms), limit));
  /** `n` attempts a second apart from T0; answers the last record. */
  async function attempts(times: number, limit = THROTTLE.lockAfterAccount) {
    let record: Awaited<ReturnType<typeof count>>;
    for (let i = 0; i < times; i++) record = await count(i * 1000, limit);
    return record;
  }
  const fresh = () => {
    key = `acct:user${++n}@example.com`;
  };

  it('starts a record at the first attempt', async () => {
    fresh();
    expect(await count(0)).toEqual({ count: 1, firstAt: T0.toISOString(), lockedUntil: null });
  });

  it('counts attempts inside the window and keeps when it started', async () => {
    fresh();
    expect(await attempts(5)).toEqual({ count: 5, firstAt: T0.toISOString(), lockedUntil: null });
  });

  it('locks for the lock time when the limit is reached, then counts nothing while locked', async () => {
    fresh();
    const record = await attempts(10, 10);
    expect(record?.count).toBe(10);
    expect(Date.parse(record!.lockedUntil!)).toBe(at(9000).getTime() + THROTTLE.lockMs);
    expect(await count(10_000)).toBeUndefined();
    expect(await count(9000 + THROTTLE.lockMs - 1)).toBeUndefined();
    expect((await findFailure(t.database.db, key))?.count).toBe(10);
  });

  it('locks an address only at its own, higher limit', async () => {
    fresh();
    expect((await attempts(10, THROTTLE.lockAfterAddress))?.lockedUntil).toBeNull();
    fresh();
    const record = await attempts(THROTTLE.lockAfterAddress, THROTTLE.lockAfterAddress);
    expect(record?.lockedUntil).not.toBeNull();
  });

  it('starts again after the window or after a lock has ended', async () => {
    fresh();
    await attempts(5);
    expect(await count(THROTTLE.windowMs + 5000)).toEqual({
      count: 1,
      firstAt: at(THROTTLE.windowMs + 5000).toISOString(),
      lockedUntil: null,
    });
    fresh();
    const locked = await attempts(10);
    const afterLock = Date.parse(locked!.lockedUntil!) - T0.getTime() + 1000;
    expect(await count(afterLock)).toEqual({
      count: 1,
      firstAt: at(afterLock).toISOString(),
      lockedUntil: null,
    });
  });

  it('takes back an attempt, and the lock it set', async () => {
    fresh();
    await attempts(10, 10);
    await uncountAttempt(t.database.db, key, 10);
    expect(await findFailure(t.database.db, key)).toEqual({
      count: 9,
      firstAt: T0.toISOString(),
      lockedUntil: null,
    });
  });
});
