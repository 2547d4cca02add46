import type { Kysely } from 'kysely';

// Sanctions and watch-list screening: loaded versions of the official lists (each with the file's
// own publication date), the entries of each source's current version, the screening settings
// (threshold and fetch schedules), the last fetch attempt per source, the aliases a vendor is also
// known by, when each vendor was last screened, and the hits to review. A hit keeps a copy of the
// list entry as it was, so superseded versions' entries can go.
// Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sanctions_list_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('file_names', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sanctions_list_versions_source_ix')
    .on('sanctions_list_versions')
    .columns(['source', 'loaded_at'])
    .execute();
  await db.schema
    .createTable('sanctions_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) =>
      c.notNull().references('sanctions_list_versions.id').onDelete('cascade'),
    )
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('countries', 'text', (c) => c.notNull())
    .addColumn('identifiers', 'text', (c) => c.notNull())
    .addColumn('programs', 'text', (c) => c.notNull())
    .addColumn('remarks', 'text')
    .execute();
  await db.schema
    .createIndex('sanctions_entries_version_ix')
    .on('sanctions_entries')
    .column('version_id')
    .execute();
  await db.schema
    .createTable('screening_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('screening_fetches')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createTable('screening_aliases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('screening_aliases_vendor_ix')
    .on('screening_aliases')
    .column('vendor_id')
    .execute();
  await db.schema
    .createTable('screened_vendors')
    .addColumn('vendor_id', 'text', (c) => c.primaryKey().references('vendors.id').onDelete('cascade'))
    .addColumn('screened_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('screening_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text')
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('subject_country', 'text')
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entry_ref', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('matched_name', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // One hit per vendor, list entry and normalised name: a false positive is not raised again.
  await db.schema
    .createIndex('screening_hits_key_ux')
    .on('screening_hits')
    .columns(['vendor_id', 'source', 'entry_ref', 'name_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('screening_hits_status_ix')
    .on('screening_hits')
    .columns(['status', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'screening_hits',
    'screened_vendors',
    'screening_aliases',
    'screening_fetches',
    'screening_settings',
    'sanctions_entries',
    'sanctions_list_versions',
  ])
    await db.schema.dropTable(t).execute();
}
