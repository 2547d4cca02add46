import type { Kysely } from 'kysely';

// Due diligence (certifications, reference checks, past clients, settings) and in-app
// notifications. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('standard_name', 'text')
    .addColumn('certificate_number', 'text')
    .addColumn('issuer', 'text')
    .addColumn('scope', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('evidence_file_id', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('certifications_vendor_idx')
    .on('certifications')
    .columns(['vendor_id', 'expires_on'])
    .execute();
  await db.schema
    .createIndex('certifications_expiry_idx')
    .on('certifications')
    .columns(['expires_on', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_references')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('referee_organisation', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('relationship', 'text')
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('checked_by', 'text')
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vendor_references_vendor_idx')
    .on('vendor_references')
    .columns(['vendor_id', 'checked_on'])
    .execute();

  await db.schema
    .createTable('past_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('service', 'text')
    .addColumn('from_on', 'text')
    .addColumn('to_on', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('past_clients_vendor_idx').on('past_clients').columns(['vendor_id']).execute();

  // One row: the organisation's diligence settings as a JSON document.
  await db.schema
    .createTable('diligence_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .execute();
  // A dedupe key is told to each recipient once (NULL keys never collide).
  await db.schema
    .createIndex('notifications_dedupe_uq')
    .on('notifications')
    .columns(['user_id', 'dedupe_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'diligence_settings',
    'past_clients',
    'vendor_references',
    'certifications',
  ])
    await db.schema.dropTable(table).execute();
}
