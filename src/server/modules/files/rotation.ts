/**
 * Re-encrypting files at rest under the active key, a batch at a time, while the application keeps
 * serving them: each file is rewritten beside itself and renamed into place (storage.reencrypt),
 * then its row names the new key. The file's header names its key too, so a reader between the
 * rename and the row update still decrypts it.
 */
import type { Database } from '../../db/database';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import type { FileStorage } from './storage';

interface RotationProgress {
  /** Files re-encrypted by this batch. */
  rotated: number;
  /** Files that could not be read (missing or failing their tag); left under their old key. */
  failed: Array<{ id: string; error: string }>;
  /** Where the next batch starts; null when the walk is done. */
  cursor: string | null;
}

export function createKeyRotation({
  db,
  audit,
  storage,
}: {
  db: Database['db'];
  audit: AuditRecorder;
  storage: FileStorage;
}) {
  return {
    activeKeyId: () => storage.activeKeyId(),

    /** How many files each key encrypts, by the database's record. */
    async usage(): Promise<Record<string, number>> {
      const rows = await repo.countByKey(db);
      return Object.fromEntries(rows.map((r) => [r.keyId, Number(r.n)]));
    },

    /** Re-encrypt up to `limit` files not yet under the active key, after `cursor` (by id). */
    async rotateBatch(actor: Actor, limit: number, cursor: string | null = null): Promise<RotationProgress> {
      const active = storage.activeKeyId();
      const rows = await repo.notUnderKey(db, active, limit, cursor);
      const failed: RotationProgress['failed'] = [];
      let rotated = 0;
      for (const row of rows) {
        try {
          // A run interrupted after the rename left the file under the new key already.
          const onDisk = await storage.keyOf(row.storageName);
          const keyId = onDisk === active ? onDisk : await storage.reencrypt(row.storageName);
          await db.transaction().execute(async (tx) => {
            await repo.setKey(tx, row.id, keyId);
            await audit.record(tx, actor, {
              action: 'file.reencrypt',
              entityType: 'file',
              entityId: row.id,
              changes: { keyId: { before: row.keyId, after: keyId } },
            });
          });
          rotated++;
        } catch (err) {
          failed.push({ id: row.id, error: (err as Error).message });
        }
      }
      return { rotated, failed, cursor: rows.length === limit ? rows[rows.length - 1]!.id : null };
    },
  };
}
