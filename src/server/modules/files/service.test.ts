import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../../../../test/helpers/databases';
import { systemClock } from '../../lib/clock';
import type { Actor } from '../../policy';
import { createAuditService } from '../audit/service';
import { createFileService } from './service';
import { createFileStorage, type FileStorage } from './storage';
import { samples } from './test-samples';

const SECRET = 'service-test-secret-service-test-secret';

/** The failure paths of an upload: whatever fails, no row, no event and no file remain. */
describe.each(dialects)('file uploads that fail half-way on %s', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  let actor: Actor;

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    dir = path.join(t.dataDir, 'files');
    const at = new Date().toISOString();
    await t.database.db
      .insertInto('users')
      .values({
        id: 'usr_01JD3ZQ8N0000000000000000',
        email: 'owner@example.com',
        name: 'Olga Owner',
        role: 'owner',
        passwordHash: 'not-used',
        disabled: 0,
        vendorId: null,
        createdAt: at,
        updatedAt: at,
        lastLoginAt: null,
      })
      .execute();
    actor = {
      id: 'usr_01JD3ZQ8N0000000000000000',
      name: 'Olga Owner',
      role: 'owner',
      vendorId: null,
      requestId: null,
      ip: null,
    };
  });
  afterEach(() => t.cleanup());

  function service(storage: FileStorage = createFileStorage({ dir, secret: SECRET })) {
    const db = t.database.db;
    return createFileService({
      db,
      audit: createAuditService({
        db,
        clock: systemClock,
        checkpointOptions: { file: `${t.dataDir}/audit-checkpoints.jsonl`, secret: SECRET, everyMs: 60_000 },
      }),
      clock: systemClock,
      config: { dataDir: t.dataDir, secret: SECRET, maxUploadBytes: 1024 * 1024 },
      storage,
    });
  }

  const upload = (content: Buffer, name = 'notes.txt') => ({
    name,
    content: Readable.from([content]),
    truncated: () => false,
  });

  async function expectNothingKept() {
    const db = t.database.db;
    expect(await db.selectFrom('files').selectAll().execute()).toEqual([]);
    expect(
      await db.selectFrom('auditEvents').select('action').where('entityType', '=', 'file').execute(),
    ).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  }

  it('stores a file, its row and its audit event together', async () => {
    const stored = await service().upload(actor, upload(samples.txt));
    const db = t.database.db;
    expect(await db.selectFrom('files').select('id').execute()).toEqual([{ id: stored.id }]);
    expect(
      await db.selectFrom('auditEvents').select('action').where('entityId', '=', stored.id).execute(),
    ).toEqual([{ action: 'file.upload' }]);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('removes the temp file when the rename into place fails, and rolls the row back', async () => {
    const real = createFileStorage({ dir, secret: SECRET });
    const failing: FileStorage = {
      ...real,
      async begin() {
        const pending = await real.begin();
        return { ...pending, commit: () => Promise.reject(new Error('disk full')) };
      },
    };
    await expect(service(failing).upload(actor, upload(samples.txt))).rejects.toThrow('disk full');
    await expectNothingKept();
  });

  it('removes the temp file when the database refuses the row', async () => {
    const stranger = { ...actor, id: 'usr_01JD3ZQ8N0000000000000001' }; // not a user: the foreign key fails
    await expect(service().upload(stranger, upload(samples.txt))).rejects.toThrow();
    await expectNothingKept();
  });

  it('removes the temp file when the content is refused or too large', async () => {
    await expect(service().upload(actor, upload(samples.elf, 'a.txt'))).rejects.toMatchObject({
      status: 415,
    });
    await expect(service().upload(actor, upload(Buffer.alloc(2 * 1024 * 1024, 0x61)))).rejects.toMatchObject({
      status: 413,
    });
    await expect(service().upload(actor, upload(Buffer.alloc(0)))).rejects.toMatchObject({ status: 422 });
    await expectNothingKept();
  });

  it('refuses to attach a file that belongs to another record, or an unknown file', async () => {
    const files = service();
    const stored = await files.upload(actor, upload(samples.pdf, 'a.pdf'));
    const db = t.database.db;
    await files.attach(db, stored.id, { entityType: 'engagement', entityId: 'eng_1', vendorId: null });
    await expect(
      files.attach(db, stored.id, { entityType: 'engagement', entityId: 'eng_2', vendorId: null }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      files.attach(db, 'fil_01JD3ZQ8N0000000000000000', { entityType: 'x', entityId: 'y', vendorId: null }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
