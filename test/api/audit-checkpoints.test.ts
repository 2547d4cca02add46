/**
 * The audit chain's anchor outside the database: signed checkpoints in a file, compared by verify.
 * Without them, deleting the newest events and rewinding `audit_head` verified as ok. The HMAC is
 * recomputed here with node:crypto from the documented construction (docs/security.md), not with
 * the application's code.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppScheduler } from '../../src/server/jobs/index';
import { eventHash } from '../../src/server/modules/audit/rules';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const SECRET = 'test-secret-test-secret-test-secret-1234';
const TOKEN = 'metrics-token-0123456789abcdef';

/** The checkpoint MAC as docs/security.md states it, computed independently of the app. */
function independentMac(secret: string, c: { seq: number; hash: string; at: string; reason: string }) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'outpost', 'audit-checkpoints', 32));
  return createHmac('sha256', key)
    .update(`outpost-audit-checkpoint/v1\n${c.seq}\n${c.hash}\n${c.at}\n${c.reason}`)
    .digest('hex');
}

interface Line {
  v: number;
  seq: number;
  hash: string;
  at: string;
  reason: string;
  mac: string;
}

describe.each(dialects)('audit checkpoints on %s', (dialect) => {
  const clock = fakeClock('2026-12-01T08:00:00.000Z');
  let t: TestApp;
  let owner: Session;
  let file: string;

  const db = () => t.db.database.db;
  const verify = async () => (await t.call('GET', '/api/v1/audit-events/verify', { as: owner })).body;
  const lines = (): Line[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
  const head = async () => {
    const row = await db().selectFrom('auditHead').selectAll().executeTakeFirstOrThrow();
    return { seq: Number(row.lastSeq), hash: row.lastHash };
  };
  const events = async () =>
    (await db().selectFrom('auditEvents').selectAll().orderBy('seq').execute()).map((r) => ({
      ...r,
      seq: Number(r.seq),
    }));
  /** Take rows out of the chain and set the head, as an attacker with database access would; answers the undo. */
  async function cut(fromSeq: number) {
    const all = await events();
    const removed = all.filter((e) => e.seq >= fromSeq);
    const before = await head();
    const kept = all.filter((e) => e.seq < fromSeq).at(-1);
    await sql`delete from audit_events where seq >= ${fromSeq}`.execute(db());
    await sql`update audit_head set last_seq = ${kept?.seq ?? 0}, last_hash = ${kept?.hash ?? '0'.repeat(64)}`.execute(
      db(),
    );
    return async () => {
      for (const row of removed) await db().insertInto('auditEvents').values(row).execute();
      await sql`update audit_head set last_seq = ${before.seq}, last_hash = ${before.hash}`.execute(db());
    };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, env: { OUTPOST_METRICS_TOKEN: TOKEN } });
    file = path.join(t.db.dataDir, 'audit-checkpoints.jsonl');
    owner = await t.owner();
    for (let i = 0; i < 6; i++) await t.vendor();
  });
  afterAll(() => t?.close());

  it('verifies an untouched chain, with no checkpoint yet', async () => {
    expect(await verify()).toMatchObject({
      ok: true,
      reason: null,
      checkpoints: { checked: 0, furthest: null, recorded: 0 },
    });
  });

  it('writes a checkpoint from the scheduled job, under the job lease, once per interval', async () => {
    const scheduler = createAppScheduler(db(), clock, t.app.services, (job, err) => {
      throw new Error(`${job}: ${String(err)}`);
    });
    const first = await scheduler.tick();
    expect(first).toContain('audit.checkpoint');
    clock.advance(30 * 60_000);
    expect(await scheduler.tick()).not.toContain('audit.checkpoint');
    clock.advance(31 * 60_000);
    await t.vendor();
    expect(await scheduler.tick()).toContain('audit.checkpoint');
    await scheduler.stop();

    const written = lines();
    expect(written).toHaveLength(2);
    const h = await head();
    // The second checkpoint signs the head as it was when the job ran.
    expect(written[1]).toMatchObject({ v: 1, seq: h.seq, hash: h.hash, reason: 'scheduled' });
    for (const line of written) expect(line.mac).toBe(independentMac(SECRET, line));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const recorded = await db().selectFrom('auditCheckpoints').selectAll().execute();
    expect(recorded.map((r) => r.mac).sort()).toEqual(written.map((l) => l.mac).sort());
    expect(await verify()).toMatchObject({
      ok: true,
      checkpoints: { checked: 2, furthest: { seq: h.seq, hash: h.hash, at: written[1]!.at }, recorded: 2 },
    });
  });

  it('reports a chain whose newest events were deleted and whose head was rewound', async () => {
    const checkpoint = await t.app.services.audit.checkpoints.write('command');
    expect(checkpoint.mac).toBe(independentMac(SECRET, checkpoint));
    const undo = await cut(checkpoint.seq - 2);
    try {
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.reason).toBe(
        `the chain ends at event ${checkpoint.seq - 3}, but the checkpoint of ${checkpoint.at} signed event ${checkpoint.seq}: ` +
          'the newest 3 event(s) were deleted and the head rewound',
      );
    } finally {
      await undo();
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports a chain emptied and its head zeroed', async () => {
    const undo = await cut(1);
    try {
      const result = await verify();
      expect(result).toMatchObject({ ok: false, checked: 0 });
      expect(result.reason).toMatch(/^the chain ends at event 0, but the checkpoint of .+ signed event \d+/);
    } finally {
      await undo();
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports a chain rewritten consistently (every hash recomputed) where a checkpoint fixed it', async () => {
    const { seq } = await head();
    const all = await events();
    const victim = all.find((e) => e.seq === seq)!;
    const prev = all.find((e) => e.seq === seq - 1)!;
    // The attacker edits the newest event and recomputes its hash and the head: the chain alone is consistent.
    const forged = { ...victim, actorName: 'Mallory' };
    const { changes, prevHash: _p, hash: _h, ...rest } = forged;
    const hash = eventHash(prev.hash, { ...rest, changes: JSON.parse(changes) });
    await sql`update audit_events set actor_name = 'Mallory', hash = ${hash} where id = ${victim.id}`.execute(
      db(),
    );
    await sql`update audit_head set last_hash = ${hash}`.execute(db());
    try {
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBrokenId: victim.id, checked: all.length - 1 });
      expect(result.reason).toMatch(
        new RegExp(
          `^event ${seq} does not have the hash the checkpoint of .+ signed for it: the chain was rewritten$`,
        ),
      );
    } finally {
      await sql`update audit_events set actor_name = ${victim.actorName}, hash = ${victim.hash} where id = ${victim.id}`.execute(
        db(),
      );
      await sql`update audit_head set last_hash = ${victim.hash}`.execute(db());
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports a forged checkpoint line, and does not let it raise the bar', async () => {
    const original = readFileSync(file, 'utf8');
    const h = await head();
    const unsigned = {
      seq: h.seq + 50,
      hash: 'f'.repeat(64),
      at: clock.now().toISOString(),
      reason: 'command',
    };
    const forgeries = [
      { ...unsigned, v: 1, mac: '0'.repeat(64) },
      // Signed correctly, but with another secret.
      { ...unsigned, v: 1, mac: independentMac('another-secret-another-secret-0123456789', unsigned) },
    ];
    try {
      for (const forged of forgeries) {
        writeFileSync(file, `${original}${JSON.stringify(forged)}\n`);
        const result = await verify();
        const lineNo = original.split('\n').filter((l) => l).length + 1;
        expect(result.ok).toBe(false);
        expect(result.reason).toBe(
          `line ${lineNo} of the checkpoint file has a signature that does not verify (forged, edited, or signed with another secret)`,
        );
        expect(result.checkpoints.furthest.seq).toBe(h.seq);
      }
      writeFileSync(file, `${original}not json\n`);
      expect((await verify()).reason).toMatch(/is not a checkpoint \(not JSON\)/);
    } finally {
      writeFileSync(file, original);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('reports "no checkpoint" when the file is gone but the database says checkpoints were made', async () => {
    const aside = `${file}.moved`;
    renameSync(file, aside);
    try {
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(
        /^no checkpoint: the database records 3 checkpoint\(s\), the newest of event \d+ at .+, but the checkpoint file does not exist/,
      );
      writeFileSync(file, '');
      expect((await verify()).reason).toMatch(/but the checkpoint file has none/);
      // Lines taken off the end (the newest checkpoint gone, older ones kept) are noticed too.
      writeFileSync(file, `${readFileSync(aside, 'utf8').trim().split('\n').slice(0, -1).join('\n')}\n`);
      expect((await verify()).reason).toMatch(
        /^the checkpoint file lacks the newest checkpoint the database records/,
      );
    } finally {
      renameSync(aside, file);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('does not see newest events cut after the last checkpoint (a documented limit)', async () => {
    const last = lines().at(-1)!;
    await t.vendor();
    await t.vendor();
    const undo = await cut(last.seq + 1);
    try {
      expect((await verify()).ok).toBe(true);
    } finally {
      await undo();
    }
  });

  it('keeps every line whole when checkpoints and audited writes run concurrently', async () => {
    const before = lines().length;
    await Promise.all([
      ...Array.from({ length: 12 }, () => t.app.services.audit.checkpoints.write('command')),
      ...Array.from({ length: 6 }, () => t.vendor()),
    ]);
    const after = lines();
    expect(after).toHaveLength(before + 12);
    for (const line of after) expect(line.mac).toBe(independentMac(SECRET, line));
    // Each checkpoint signed a head that really was the chain's state: verify compares every one.
    expect(await verify()).toMatchObject({
      ok: true,
      checkpoints: { checked: after.length, recorded: after.length },
    });
  });

  it('exports the newest checkpoint as Prometheus gauges', async () => {
    const c = await t.app.services.audit.checkpoints.write('command');
    const res = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('# TYPE outpost_audit_checkpoint_sequence gauge');
    expect(res.text).toContain(`\noutpost_audit_checkpoint_sequence ${c.seq}\n`);
    const age = Number(/\noutpost_audit_checkpoint_age_seconds (\d+)\n/.exec(res.text)?.[1]);
    expect(Math.abs(age - (Date.now() - Date.parse(c.at)) / 1000)).toBeLessThan(5);
    // A forged last line is not what the gauge shows.
    appendFileSync(
      file,
      `${JSON.stringify({ v: 1, seq: c.seq + 9, hash: c.hash, at: c.at, reason: 'command', mac: '1'.repeat(64) })}\n`,
    );
    const again = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(again.text).toContain(`\noutpost_audit_checkpoint_sequence ${c.seq}\n`);
    expect(existsSync(file)).toBe(true);
  });
});
