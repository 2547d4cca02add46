import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { StoredFile } from '../../../contracts/files';
import type { Config } from '../../config';
import type { Database, Executor } from '../../db/database';
import type { FileRow } from '../../db/schema';
import { conflict, invalid, notFound, payloadTooLarge, unsupportedMedia } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, type Scope } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { createKeyring } from './keys';
import * as repo from './repository';
import { createKeyRotation } from './rotation';
import { cleanFileName, createSniffer, refusalMessage } from './rules';
import { createFileStorage, type FileStorage, type PendingFile } from './storage';

export interface FileDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  config: Pick<Config, 'dataDir' | 'secret' | 'maxUploadBytes'> & Partial<Pick<Config, 'fileKeys'>>;
  /** Defaults to `<dataDir>/files` with the keys of keys.ts (key file, OUTPOST_FILE_KEYS, secret). */
  storage?: FileStorage;
}

/** One upload as it arrives: the client's name and the content, not yet read. */
export interface Upload {
  name: string | undefined;
  content: Readable;
  /** True when the transport cut the content at the size limit. */
  truncated(): boolean;
}

/** Where a file belongs once a record takes it; `vendorId` decides which vendor users may read it. */
interface FileOwner {
  entityType: string;
  entityId: string;
  vendorId: string | null;
}

/** What other modules are given of the files: one by id, and attaching one to their record (in their transaction). */
export interface FileAttachments {
  get(tx: Executor, id: string): Promise<FileRecord | undefined>;
  attach(tx: Executor, fileId: string, owner: FileOwner): Promise<FileRecord>;
}

/** A stored file with who may see it, for other modules. */
interface FileRecord extends StoredFile {
  vendorId: string | null;
  entityType: string | null;
  entityId: string | null;
  uploadedBy: string;
}

const toFileDto = (row: FileRow): StoredFile => ({
  id: row.id,
  name: row.name,
  size: Number(row.size),
  contentType: row.contentType as StoredFile['contentType'],
  sha256: row.sha256,
  createdAt: row.createdAt,
});

const toRecord = (row: FileRow): FileRecord => ({
  ...toFileDto(row),
  vendorId: row.vendorId,
  entityType: row.entityType,
  entityId: row.entityId,
  uploadedBy: row.uploadedBy,
});

const mib = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(2))} MiB`;

export function createFileService({ db, audit, clock, config, storage: given }: FileDeps) {
  const storage =
    given ??
    createFileStorage({
      dir: path.join(config.dataDir, 'files'),
      secret: config.secret,
      keyring: createKeyring({ dataDir: config.dataDir, secret: config.secret, envKeys: config.fileKeys }),
    });
  const tooLarge = () =>
    payloadTooLarge(`The file is larger than the upload limit of ${mib(config.maxUploadBytes)}.`);

  async function loadScoped(scope: Scope, id: string): Promise<FileRow> {
    const row = await repo.find(db, scope, id);
    if (!row) throw notFound('file');
    return row;
  }

  /** Hash, sniff and encrypt in one pass into a temp file; returns what the row needs. */
  async function receive(upload: Upload, name: string, pending: PendingFile) {
    const hash = createHash('sha256');
    const sniffer = createSniffer(name);
    let size = 0;
    for await (const chunk of upload.content as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > config.maxUploadBytes) throw tooLarge();
      hash.update(chunk);
      sniffer.push(chunk);
      await pending.write(chunk);
    }
    if (upload.truncated()) throw tooLarge();
    if (size === 0) throw invalid([{ field: 'file', message: 'is empty' }], 'The file is empty.');
    const verdict = sniffer.finish();
    if (!verdict.allowed) throw unsupportedMedia(refusalMessage(verdict.kind));
    await pending.finish();
    return { size, sha256: hash.digest('hex'), contentType: verdict.contentType };
  }

  return {
    /**
     * Store an upload: nothing is kept unless the content is allowed, the row and its audit
     * event are written, and the encrypted file is in place; on any failure the temp file goes.
     */
    async upload(actor: Actor, upload: Upload): Promise<StoredFile> {
      let pending: PendingFile;
      try {
        authorize(actor, 'file', 'create');
        pending = await storage.begin();
      } catch (err) {
        upload.content.resume(); // let the rest of the request drain
        throw err;
      }
      try {
        const name = cleanFileName(upload.name);
        const received = await receive(upload, name, pending);
        const row: FileRow = {
          id: newId('fil'),
          name,
          ...received,
          storageName: pending.storageName,
          keyId: pending.keyId,
          vendorId: actor.role === 'vendor' ? actor.vendorId : null,
          entityType: null,
          entityId: null,
          uploadedBy: actor.id,
          createdAt: clock.now().toISOString(),
        };
        await db.transaction().execute(async (tx) => {
          await repo.insert(tx, row);
          await audit.record(tx, actor, {
            action: 'file.upload',
            entityType: 'file',
            entityId: row.id,
            changes: diff(null, {
              name: row.name,
              size: row.size,
              contentType: row.contentType,
              sha256: row.sha256,
              vendorId: row.vendorId,
            }),
          });
          // Last step inside the transaction: a failed rename rolls the row back.
          await pending.commit();
        });
        return toFileDto(row);
      } catch (err) {
        upload.content.resume();
        await pending.discard();
        throw err;
      }
    },

    /** The record of a file the actor may read (vendor users: their vendor's files only). */
    async meta(actor: Actor, id: string): Promise<StoredFile> {
      const scope = authorize(actor, 'file', 'read');
      return toFileDto(await loadScoped(scope, id));
    },

    /**
     * The plaintext of a file the actor may read. The file is checked against its tag and hash
     * before anything is sent, so a tampered file answers 500 instead of wrong bytes; the
     * download is audited.
     */
    async download(actor: Actor, id: string): Promise<{ file: StoredFile; content: Readable }> {
      const scope = authorize(actor, 'file', 'read');
      const row = await loadScoped(scope, id);
      await storage.verify(row.storageName, row.sha256);
      await db.transaction().execute(async (tx) => {
        await audit.record(tx, actor, { action: 'file.download', entityType: 'file', entityId: row.id });
      });
      return { file: toFileDto(row), content: await storage.read(row.storageName) };
    },

    /** A file by id for other modules, which check permissions on the record it belongs to. */
    async get(tx: Executor, id: string): Promise<FileRecord | undefined> {
      const row = await repo.find(tx, { vendorId: null }, id);
      return row ? toRecord(row) : undefined;
    },

    /**
     * Give a file to a record (inside the caller's transaction). A file belongs to one record:
     * attaching it to another answers 409.
     */
    async attach(tx: Executor, fileId: string, owner: FileOwner): Promise<FileRecord> {
      await repo.lock(tx, fileId);
      const row = await repo.find(tx, { vendorId: null }, fileId);
      if (!row) throw invalid([{ field: 'fileId', message: 'is not a known file' }]);
      if (row.entityType && (row.entityType !== owner.entityType || row.entityId !== owner.entityId))
        throw conflict(`The file ${fileId} already belongs to another ${row.entityType}.`);
      // A vendor's own upload must not become readable by another vendor's users.
      if (row.vendorId && row.vendorId !== owner.vendorId)
        throw conflict(`The file ${fileId} belongs to another vendor.`);
      await repo.setOwner(tx, fileId, owner);
      return toRecord({ ...row, ...owner });
    },

    /** Key rotation of files at rest (the `outpost secret` command). */
    rotation: createKeyRotation({ db, audit, storage }),

    /** How many files belong to a vendor (a vendor with files is not deleted). */
    countForVendor: (tx: Executor, vendorId: string) => repo.countForVendor(tx, vendorId),
  };
}
