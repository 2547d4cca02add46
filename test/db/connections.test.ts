import { connect, createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Dialect, isDatabaseUnavailable } from '../../src/server/db/database';
import { readiness } from '../../src/server/db/readiness';
import { createTestDatabase, dialects, pgUrl, type TestDatabase } from '../helpers/databases';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a query rejected with. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('the query succeeded');
}

/** A port on this host where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.each(dialects)('database errors on %s', (dialect: Dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('a wrong query, or a lost connection elsewhere, is not "database unavailable"', async () => {
    const { db } = t.database;
    expect(isDatabaseUnavailable(await failure(sql`select * from no_such_table`.execute(db)))).toBe(false);
    expect(isDatabaseUnavailable(await failure(sql`selec 1`.execute(db)))).toBe(false);
    await sql`create table dup_probe (id integer primary key)`.execute(db);
    await sql`insert into dup_probe values (1)`.execute(db);
    expect(isDatabaseUnavailable(await failure(sql`insert into dup_probe values (1)`.execute(db)))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    // A refused connection that is not the database's (an outbound request, a mail server).
    const port = await closedPort();
    const refused = await new Promise<Error>((resolve) => connect(port, '127.0.0.1').on('error', resolve));
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refused)).toBe(false);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('readiness: a database without the migration table answers, with every migration pending', async () => {
    const fresh =
      dialect === 'sqlite'
        ? createDatabase({ databaseUrl: null, dataDir: t.dataDir, sqliteFile: `${t.dataDir}/fresh.sqlite` })
        : createDatabase({ databaseUrl: pgUrl!, dataDir: t.dataDir, pgSchema: 'no_schema_here' });
    try {
      const r = await readiness(fresh.db);
      expect(r).toMatchObject({ reachable: true, applied: 0, unknown: [] });
      expect(r.pending.length).toBeGreaterThan(0);
    } finally {
      await fresh.destroy();
    }
  });
});

/*
 * PostgreSQL only: SQLite is a file opened inside the process, with no connection to lose. These use
 * pg's real errors, not hand-made ones, so a pg upgrade that changes them fails here.
 */
describe.skipIf(!pgUrl)('lost PostgreSQL connections', () => {
  let t: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.cleanup();
  });
  const terminate = (pid: number) => admin.query('select pg_terminate_backend($1)', [pid]);
  const pidOf = async (db: typeof t.database.db) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;

  it('a database that refuses connections is "unavailable", and readiness says so without throwing', async () => {
    const u = new URL(pgUrl!);
    u.host = `127.0.0.1:${await closedPort()}`;
    const down = createDatabase({ databaseUrl: u.toString(), dataDir: t.dataDir });
    try {
      const err = await failure(sql`select 1`.execute(down.db));
      expect(isDatabaseUnavailable(err), String(err)).toBe(true);
      expect((await readiness(down.db)).reachable).toBe(false);
    } finally {
      await down.destroy();
    }
  });

  it('an idle connection terminated: the process lives and the next query runs on a new one', async () => {
    const { db, pool } = t.database;
    const before = await pidOf(db);
    expect(pool!.idleCount).toBeGreaterThan(0);
    await terminate(before);
    await sleep(200); // the pool hears of it and drops the client
    expect(await pidOf(db)).not.toBe(before);
  });

  it('a query whose backend is terminated fails as "unavailable"; the pool goes on', async () => {
    const { db } = t.database;
    const slow = failure(sql`select pg_sleep(5)`.execute(db));
    let sleeping: Array<{ pid: number }> = [];
    for (let i = 0; i < 100 && sleeping.length === 0; i++) {
      await sleep(20);
      ({ rows: sleeping } = await admin.query(
        "select pid from pg_stat_activity where query = 'select pg_sleep(5)'",
      ));
    }
    await terminate(sleeping[0]!.pid);
    const err = await slow;
    expect(isDatabaseUnavailable(err), String(err)).toBe(true);
    expect((err as { code?: string }).code).toBe('57P01');
    await sleep(100);
    expect(await pidOf(db)).toBeTypeOf('number');
  });

  it('a transaction whose connection is cut between two queries fails as "unavailable"; nothing is left half-done', async () => {
    const { db } = t.database;
    await sql`create table cut_probe (id integer primary key)`.execute(db);
    const err = await failure(
      db.transaction().execute(async (tx) => {
        await sql`insert into cut_probe values (1)`.execute(tx);
        // The client is checked out and idle in the transaction when its backend goes: pg emits
        // 'error' on the client itself (no pool listener is attached to a checked-out client).
        await terminate(await pidOf(tx));
        await sleep(200);
        await sql`insert into cut_probe values (2)`.execute(tx);
      }),
    );
    expect(isDatabaseUnavailable(err), String(err)).toBe(true);
    const { rows } = await sql<{ n: number }>`select count(*) as n from cut_probe`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
