import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_KEY_ID, readKeyFile, writeKeyFile } from '../../src/server/modules/files/keys';
import { samples } from '../../src/server/modules/files/test-samples';
import { systemActor } from '../../src/server/policy';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

function multipart(filename: string, content: Buffer) {
  const boundary = `----outpost${randomBytes(8).toString('hex')}`;
  const raw = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(dialects)('files at rest on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorA: Session;
  let vendorB: Session;
  let filesDir: string;
  /** Every file uploaded, with its plaintext. */
  const uploaded: Array<{ id: string; content: Buffer }> = [];

  async function upload(as: Session, name: string, content: Buffer) {
    const res = await t.call('POST', '/api/v1/files', { as, ...multipart(name, content) });
    expect(res.status, res.text).toBe(201);
    uploaded.push({ id: res.body.id, content });
    return res.body.id as string;
  }

  async function download(as: Session, id: string) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${id}`,
      headers: { cookie: as.cookie! },
    });
    return { status: res.statusCode, bytes: res.rawPayload };
  }

  /** Every plaintext, and a distinctive slice of it, searched for in the bytes of every stored file. */
  function expectNoPlaintextOnDisk() {
    const names = readdirSync(filesDir);
    expect(names.length).toBeGreaterThanOrEqual(uploaded.length);
    for (const name of names) {
      const bytes = readFileSync(path.join(filesDir, name));
      for (const { content } of uploaded) {
        expect(bytes.includes(content)).toBe(false);
        const slice = content.subarray(
          Math.max(0, Math.floor(content.length / 2) - 8),
          Math.floor(content.length / 2) + 8,
        );
        expect(bytes.includes(slice), `a slice of a plaintext is in ${name}`).toBe(false);
      }
    }
  }

  async function expectAllDownloadsMatch() {
    for (const { id, content } of uploaded) {
      const res = await download(owner, id);
      expect(res.status).toBe(200);
      expect(sha256(res.bytes)).toBe(sha256(content));
    }
  }

  const keyIds = async () =>
    (await t.db.database.db.selectFrom('files').select(['id', 'keyId']).execute()).map((r) => r.keyId);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const a = await t.vendor({ name: 'Manila Care BPO' });
    const b = await t.vendor({ name: 'Kraków Books' });
    vendorA = await t.user('vendor', a.id);
    vendorB = await t.user('vendor', b.id);
    filesDir = path.join(t.db.dataDir, 'files');
    await upload(
      owner,
      'rates.txt',
      Buffer.from(`Confidential rate card ${randomBytes(8).toString('hex')}\n`.repeat(40)),
    );
    await upload(owner, 'sow.docx', samples.docx);
    await upload(owner, 'report.pdf', samples.pdf);
    await upload(owner, 'vendors.csv', samples.csv);
    await upload(vendorA, 'answers.json', samples.json);
    await upload(
      vendorB,
      'notes.txt',
      Buffer.from(`Vendor B internal notes ${randomBytes(8).toString('hex')}\n`),
    );
  });
  afterAll(async () => t?.close());

  it('keeps no uploaded file readable as plaintext on disk', async () => {
    expectNoPlaintextOnDisk();
    await expectAllDownloadsMatch();
    expect(new Set(await keyIds())).toEqual(new Set([LEGACY_KEY_ID]));
  });

  it('answers 404 to a vendor user asking for another vendor’s file by id, and serves their own', async () => {
    const ofA = uploaded[4]!.id;
    const ofB = uploaded[5]!.id;
    expect((await download(vendorB, ofA)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/files/${ofA}/meta`, { as: vendorB })).status).toBe(404);
    expect((await download(vendorA, ofB)).status).toBe(404);
    // Internal files are not a vendor's either.
    expect((await download(vendorA, uploaded[0]!.id)).status).toBe(404);
    const own = await download(vendorA, ofA);
    expect(own.status).toBe(200);
    expect(own.bytes.equals(samples.json)).toBe(true);
  });

  it('rotates to a new key while serving reads with either key, then retires the old one', async () => {
    const newKey = 'fk_test_rotation';
    writeKeyFile(t.db.dataDir, {
      active: newKey,
      keys: { [newKey]: randomBytes(32).toString('base64') },
      retired: [],
    });
    // New uploads use the new key at once, without a restart.
    const fresh = await upload(
      owner,
      'after.txt',
      Buffer.from(`Written after the switch ${randomBytes(8).toString('hex')}\n`),
    );
    const row = await t.db.database.db
      .selectFrom('files')
      .select('keyId')
      .where('id', '=', fresh)
      .executeTakeFirstOrThrow();
    expect(row.keyId).toBe(newKey);

    const rotation = t.app.services.files.rotation;
    expect(await rotation.usage()).toEqual({ [LEGACY_KEY_ID]: 6, [newKey]: 1 });
    // Two files a batch; between batches both keys are in use and every file still downloads.
    let cursor: string | null = null;
    let batches = 0;
    do {
      const batch = await rotation.rotateBatch(systemActor('test'), 2, cursor);
      expect(batch.failed).toEqual([]);
      cursor = batch.cursor;
      batches++;
      await expectAllDownloadsMatch();
    } while (cursor);
    expect(batches).toBe(4); // three full batches of two, then one that finds nothing left
    expect(await rotation.usage()).toEqual({ [newKey]: 7 });
    expectNoPlaintextOnDisk();

    // Retire the secret's key: everything still reads, under the new key.
    const current = readKeyFile(t.db.dataDir)!;
    writeKeyFile(t.db.dataDir, { ...current, retired: [LEGACY_KEY_ID] });
    await expectAllDownloadsMatch();

    // Each re-encryption is in the audit trail, and the trail still verifies.
    const audit = await t.call('GET', '/api/v1/audit-events?action=file.reencrypt&limit=100', { as: owner });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBe(6);
    expect((await t.call('GET', '/api/v1/audit-events/verify', { as: owner })).body.ok).toBe(true);
  });

  it('refuses to serve a file whose key was retired while files still used it', async () => {
    const id = uploaded[0]!.id;
    const current = readKeyFile(t.db.dataDir)!;
    writeKeyFile(t.db.dataDir, {
      ...current,
      active: 'fk_next',
      keys: { fk_next: randomBytes(32).toString('base64') },
      retired: [...current.retired, current.active],
    });
    const res = await t.call('GET', `/api/v1/files/${id}`, { as: owner });
    expect(res.status).toBe(500);
    expect(res.text).not.toContain(current.active);
    writeKeyFile(t.db.dataDir, current);
    expect((await download(owner, id)).status).toBe(200);
  });
});
