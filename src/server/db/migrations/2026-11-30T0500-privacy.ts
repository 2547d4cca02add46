import type { Kysely } from 'kysely';

// Files at rest name the key they are encrypted with, so that a key rotation can walk the files
// still under an old key and an old key can be retired once none is left. Existing files use the
// key derived from the instance secret ('secret'). Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('files')
    .addColumn('key_id', 'text', (c) => c.notNull().defaultTo('secret'))
    .execute();
  await db.schema.createIndex('files_key_id_idx').on('files').columns(['key_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('files_key_id_idx').execute();
  await db.schema.alterTable('files').dropColumn('key_id').execute();
}
