import type { Kysely } from 'kysely';

// The database's own record of the audit chain's signed checkpoints. The anchor is the checkpoint
// file outside the database; these rows say that checkpoints were made (so a deleted file is
// noticed) and carry them through a backup to the restored data directory. `at` is text: the
// signature covers it exactly as written. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
}
