import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/server/db/schema';
import type { TestApp } from './app';

/**
 * Run `requests` at the same time, so that their transactions really overlap. On PostgreSQL a test
 * transaction first locks the rows `lock` selects (`for update`); the requests start, and only once
 * each of them waits on a lock — so each has got past authorisation and is inside its transaction —
 * does the test transaction end and let them go together. Without the server's own locks both then
 * act on what they read before; with them, one waits for the other. On SQLite transactions begin
 * IMMEDIATE and run one at a time, so the requests are simply fired together.
 */
export async function overlapping<T>(
  t: TestApp,
  lock: (db: Kysely<DB>) => Promise<unknown>,
  requests: () => Promise<T>[],
): Promise<T[]> {
  if (t.dialect !== 'postgres') return Promise.all(requests());
  let pending: Promise<T[]> | undefined;
  await t.db.database.db.transaction().execute(async (tx) => {
    await lock(tx);
    const fired = requests();
    pending = Promise.all(fired);
    const until = Date.now() + 10_000;
    for (;;) {
      // pg_stat_activity is read once per transaction unless its snapshot is cleared.
      await sql`select pg_stat_clear_snapshot()`.execute(tx);
      // The backends waiting on this one, directly or behind another waiter (other test files may
      // share the database, so waits elsewhere are not counted).
      const { rows } = await sql<{ n: number }>`
        with recursive waiting(pid) as (
          select pid from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))
          union
          select a.pid from pg_stat_activity a join waiting w on w.pid = any(pg_blocking_pids(a.pid))
        )
        select count(*)::int as n from waiting`.execute(tx);
      if ((rows[0]?.n ?? 0) >= fired.length) break;
      if (Date.now() > until) throw new Error('the requests did not all wait on the locked rows');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return pending!;
}
