import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createDatabase } from '../../src/server/db/database';
import { samples } from '../../src/server/modules/files/test-samples';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { createTestDatabase, dialects } from '../helpers/databases';

interface Part {
  field?: string;
  filename?: string;
  content: Buffer | string;
  type?: string;
}

/** A multipart/form-data body built by hand, as a browser would send it. */
function multipart(...parts: Part[]) {
  const boundary = `----outpost${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.field ?? 'file'}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`;
    chunks.push(
      Buffer.from(head),
      Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    raw: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(dialects)('files API on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let filesDir: string;

  const upload = (as: Session | undefined, content: Buffer | string, filename = 'file.bin', type?: string) =>
    t.call('POST', '/api/v1/files', { ...(as ? { as } : {}), ...multipart({ filename, content, type }) });

  /** A download with its raw bytes (the helper's `text` would mangle binary content). */
  async function download(as: Session, id: string) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${id}`,
      headers: { cookie: as.cookie! },
    });
    return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => res.json() };
  }

  const storedFiles = () => readdirSync(filesDir);
  const rowCount = async () =>
    Number(
      (
        await t.db.database.db
          .selectFrom('files')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function newVendor(name: string) {
    const res = await t.call('POST', '/api/v1/vendors', { as: owner, body: { name, country: 'PH' } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    filesDir = path.join(t.db.dataDir, 'files');
  });
  afterAll(() => t?.close());

  it('stores files readable by the service user only: directory 0700, files 0600', async () => {
    expect((await upload(owner, samples.txt, 'private.txt')).status).toBe(201);
    expect(statSync(filesDir).mode & 0o777).toBe(0o700);
    expect(storedFiles().length).toBeGreaterThan(0);
    for (const name of storedFiles())
      expect(statSync(path.join(filesDir, name)).mode & 0o777, name).toBe(0o600);
  });

  it.each([
    ['pdf', 'proposal.pdf', 'application/pdf'],
    ['png', 'logo.png', 'image/png'],
    ['jpeg', 'team.jpg', 'image/jpeg'],
    ['docx', 'sow.docx', DOCX],
    ['xlsx', 'rate-card.xlsx', XLSX],
    ['json', 'answers.json', 'application/json'],
    ['csv', 'contacts.csv', 'text/csv'],
    ['txt', 'notes.txt', 'text/plain'],
  ] as const)('uploads a %s and downloads the same bytes', async (sample, name, type) => {
    const content = samples[sample];
    const res = await upload(owner, content, name);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^fil_[0-9A-Z]{26}$/),
      name,
      size: content.length,
      contentType: type,
      sha256: sha256(content),
      createdAt: expect.any(String),
    });

    const got = await download(owner, res.body.id);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(content)).toBe(true);
    expect(sha256(got.bytes)).toBe(res.body.sha256);
    expect(got.headers['content-type']).toContain(type);
    expect(got.headers.etag).toBe(`"${res.body.sha256}"`);
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="${name}"; filename*=UTF-8''${name}`,
    );

    const meta = await t.call('GET', `/api/v1/files/${res.body.id}/meta`, { as: owner });
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual(res.body);
  });

  it('stores the file encrypted, under a random name that is neither the id nor the original name', async () => {
    const secret = Buffer.from('Rate card 2027: EUR 18.40 per agent hour, confidential. '.repeat(20));
    const before = new Set(storedFiles());
    const res = await upload(owner, secret, 'rates.txt');
    expect(res.status).toBe(201);
    const added = storedFiles().filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    const [storageName] = added;
    expect(storageName).toMatch(/^[0-9a-f]{32}$/);
    expect(storageName).not.toContain(res.body.id);
    const onDisk = readFileSync(path.join(filesDir, storageName!));
    expect(onDisk.includes(Buffer.from('Rate card 2027'))).toBe(false);
    expect(onDisk.length).toBe(secret.length + 32);
  });

  it('decides by content, not by name: a PNG named .pdf is a PNG', async () => {
    const res = await upload(owner, samples.png, 'invoice.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body.contentType).toBe('image/png');
  });

  it.each([
    ['an ELF binary named .txt', samples.elf, 'notes.txt', /ELF executable/],
    ['a Windows executable named .pdf', samples.exe, 'report.pdf', /Windows executable/],
    ['a ZIP that is not OOXML named .docx', samples.zip, 'sow.docx', /ZIP archive/],
    ['a PPTX', samples.pptx, 'deck.pptx', /PowerPoint/],
  ])('refuses %s with 415 naming what it is, and keeps nothing', async (_what, content, name, kind) => {
    const [files, rows] = [storedFiles().length, await rowCount()];
    const res = await upload(owner, content, name);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(
      /^The file's content is not an allowed type \(PDF, PNG, JPEG, DOCX, XLSX, CSV, TXT, JSON\)/,
    );
    expect(res.body.detail).toMatch(kind);
    expect(storedFiles()).toHaveLength(files);
    expect(await rowCount()).toBe(rows);
  });

  it('answers 422 naming the field for an empty file, a missing part, or a body that is not multipart', async () => {
    const empty = await upload(owner, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ field: 'file', message: 'is empty' }]);

    const noPart = await t.call('POST', '/api/v1/files', {
      as: owner,
      ...multipart({ field: 'note', content: 'no file here' }),
    });
    expect(noPart.status).toBe(422);
    expect(noPart.body.errors[0].field).toBe('file');

    const wrongField = await t.call('POST', '/api/v1/files', {
      as: owner,
      ...multipart({ field: 'attachment', filename: 'a.txt', content: 'text' }),
    });
    expect(wrongField.status).toBe(422);
    expect(wrongField.body.errors[0].field).toBe('file');

    const json = await t.call('POST', '/api/v1/files', { as: owner, body: { file: 'hello' } });
    expect(json.status).toBe(422);
    expect(json.body.errors[0].field).toBe('file');
    expect(storedFiles().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('answers 401 without a session and 403 for a CSRF-less cookie upload', async () => {
    expect((await upload(undefined, samples.txt, 'a.txt')).status).toBe(401);
    const noCsrf = await t.call('POST', '/api/v1/files', {
      as: { ...owner, csrf: undefined },
      ...multipart({ filename: 'a.txt', content: samples.txt }),
    });
    expect(noCsrf.status).toBe(403);
    const uploaded = await upload(owner, samples.txt, 'a.txt');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/files/${uploaded.body.id}` });
    expect(res.statusCode).toBe(401);
  });

  it('lets a viewer and an auditor read but not upload', async () => {
    const uploaded = await upload(owner, samples.pdf, 'contract.pdf');
    for (const role of ['viewer', 'auditor'] as const) {
      const user = await t.user(role);
      const got = await download(user, uploaded.body.id);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(samples.pdf)).toBe(true);
      const refused = await upload(user, samples.pdf, 'mine.pdf');
      expect(refused.status).toBe(403);
    }
  });

  it('scopes vendor users to their own vendor’s files; everything else is 404', async () => {
    const vendorA = await newVendor('Manila Care BPO');
    const vendorB = await newVendor('Cebu Ledger Services');
    const userA = await t.user('vendor', vendorA);
    const userB = await t.user('vendor', vendorB);

    const own = await upload(userA, samples.csv, 'headcount.csv');
    expect(own.status).toBe(201);
    const got = await download(userA, own.body.id);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(samples.csv)).toBe(true);
    expect((await t.call('GET', `/api/v1/files/${own.body.id}/meta`, { as: userA })).status).toBe(200);

    // another vendor's upload and an internal upload look like files that do not exist
    const internal = await upload(owner, samples.txt, 'internal.txt');
    for (const id of [own.body.id, internal.body.id]) {
      const reader = id === own.body.id ? userB : userA;
      const res = await download(reader, id);
      expect(res.status).toBe(404);
      expect(res.json().type).toBe('urn:outpost:problem:not-found');
      expect((await t.call('GET', `/api/v1/files/${id}/meta`, { as: reader })).status).toBe(404);
    }
    expect((await download(userA, 'fil_01JD3ZQ8N0000000000000000')).status).toBe(404);

    // internal users read the vendor's upload
    expect((await download(owner, own.body.id)).status).toBe(200);
  });

  it('attaching a file to a vendor makes it readable by that vendor and blocks deleting the vendor', async () => {
    const vendorId = await newVendor('Kraków Books');
    const uploaded = await upload(owner, samples.xlsx, 'rates.xlsx');
    const files = t.app.services.files;
    const db = t.db.database.db;
    expect(await files.countForVendor(db, vendorId)).toBe(0);
    await db
      .transaction()
      .execute((tx) =>
        files.attach(tx, uploaded.body.id, { entityType: 'vendor', entityId: vendorId, vendorId }),
      );
    expect(await files.countForVendor(db, vendorId)).toBe(1);
    expect(await files.get(db, uploaded.body.id)).toMatchObject({
      vendorId,
      entityType: 'vendor',
      entityId: vendorId,
    });

    const removed = await t.call('DELETE', `/api/v1/vendors/${vendorId}`, { as: owner });
    expect(removed.status).toBe(409);
    expect(removed.body.detail).toContain('1 file(s)');

    const user = await t.user('vendor', vendorId);
    expect((await download(user, uploaded.body.id)).status).toBe(200);
  });

  it('records uploads and downloads in the audit trail', async () => {
    const uploaded = await upload(owner, samples.json, 'answers.json');
    const viewer = await t.user('viewer');
    await download(viewer, uploaded.body.id);
    const trail = await t.call('GET', `/api/v1/audit-events?entityType=file&entityId=${uploaded.body.id}`, {
      as: owner,
    });
    expect(trail.status).toBe(200);
    const events = trail.body.items.map((e: { action: string; actorId: string }) => [e.action, e.actorId]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['file.upload', owner.userId],
        ['file.download', viewer.userId],
      ]),
    );
    const verify = await t.call('GET', '/api/v1/audit-events/verify', { as: owner });
    expect(verify.body.ok).toBe(true);
  });

  it('answers 500 for a tampered file and does not serve or audit it', async () => {
    const before = new Set(storedFiles());
    const uploaded = await upload(owner, samples.txt, 'minutes.txt');
    const [storageName] = storedFiles().filter((f) => !before.has(f));
    const file = path.join(filesDir, storageName!);
    const bytes = readFileSync(file);
    bytes[20]! ^= 0xff;
    writeFileSync(file, bytes);

    const res = await download(owner, uploaded.body.id);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.bytes.includes(samples.txt.subarray(0, 10))).toBe(false);
    const trail = await t.call(
      'GET',
      `/api/v1/audit-events?entityId=${uploaded.body.id}&action=file.download`,
      {
        as: owner,
      },
    );
    expect(trail.body.items).toEqual([]);
  });

  it('keeps a UTF-8 file name and sends it in Content-Disposition', async () => {
    const res = await upload(owner, samples.pdf, 'Angebot Köln.pdf');
    expect(res.body.name).toBe('Angebot Köln.pdf');
    const got = await download(owner, res.body.id);
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="Angebot Koln.pdf"; filename*=UTF-8''Angebot%20K%C3%B6ln.pdf`,
    );
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/v1/openapi.json');
    const post = doc.body.paths['/api/v1/files'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    // Any type: the file is answered in the content type it was uploaded with.
    expect(Object.keys(doc.body.paths['/api/v1/files/{id}'].get.responses['200'].content)).toEqual(['*/*']);
    expect(doc.body.paths['/api/v1/files/{id}/meta'].get.responses['200']).toBeDefined();
  });
});

describe.each(dialects)('file size limit on %s', (dialect) => {
  it('answers 413 above OUTPOST_MAX_UPLOAD_MB and keeps nothing', async () => {
    const db = await createTestDatabase(dialect);
    const config = loadConfig(
      {
        LOG_LEVEL: 'silent',
        OUTPOST_DATA_DIR: db.dataDir,
        OUTPOST_MAX_UPLOAD_MB: '0.01',
      } as NodeJS.ProcessEnv,
      { secret: 'test-secret-test-secret-test-secret-1234' },
    );
    const app = await buildApp(config, { database: db.database, logger: false });
    try {
      const email = 'owner@example.com';
      await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { name: 'Olga Owner', email, password: PASSWORD },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const headersFor = (body: ReturnType<typeof multipart>) => ({
        ...body.headers,
        cookie,
        'x-csrf-token': login.json().csrfToken,
      });

      const small = multipart({ filename: 'ok.txt', content: 'a'.repeat(10_000) });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        payload: small.raw,
        headers: headersFor(small),
      });
      expect(ok.statusCode).toBe(201);

      const big = multipart({ filename: 'big.txt', content: 'a'.repeat(20_000) });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        payload: big.raw,
        headers: headersFor(big),
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toBe('The file is larger than the upload limit of 0.01 MiB.');
      expect(readdirSync(path.join(db.dataDir, 'files'))).toHaveLength(1);

      // the 1 MiB JSON limit elsewhere is unchanged by the multipart limit
      const huge = await app.inject({
        method: 'POST',
        url: '/api/v1/vendors',
        payload: { name: 'x'.repeat(2 * 1024 * 1024), country: 'PH' },
        headers: { cookie, 'x-csrf-token': login.json().csrfToken },
      });
      expect(huge.statusCode).toBe(413);
    } finally {
      await app.close();
      await db.cleanup();
    }
  });
});

describe('the data directory', () => {
  it('is created 0700, with the SQLite database, its WAL and the secret key 0600', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'outpost-modes-'));
    const dataDir = path.join(parent, 'data');
    try {
      // The secret key is made with the directory when no OUTPOST_SECRET is given.
      loadConfig({ OUTPOST_DATA_DIR: dataDir } as NodeJS.ProcessEnv);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      rmSync(dataDir, { recursive: true });
      const database = createDatabase({ databaseUrl: null, dataDir });
      try {
        await database.db.schema.createTable('probe').addColumn('x', 'integer').execute();
        expect(statSync(dataDir).mode & 0o777).toBe(0o700);
        const made = readdirSync(dataDir).filter((f) => f.startsWith('outpost.sqlite'));
        expect(made).toEqual(expect.arrayContaining(['outpost.sqlite', 'outpost.sqlite-wal']));
        for (const f of made) expect(statSync(path.join(dataDir, f)).mode & 0o777, f).toBe(0o600);
      } finally {
        await database.destroy();
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
