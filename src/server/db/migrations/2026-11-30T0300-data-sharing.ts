import type { Kysely } from 'kysely';

// Data sharing: the register (per engagement), agreements on file with the entries they cover,
// vendor risk tiers with their history, and the settings. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('data_subjects', 'text', (c) => c.notNull())
    .addColumn('record_volume', 'bigint', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('processing_countries', 'text', (c) => c.notNull())
    .addColumn('storage_countries', 'text', (c) => c.notNull())
    .addColumn('sub_processors', 'text', (c) => c.notNull())
    .addColumn('transfer_mechanism', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('retention', 'text', (c) => c.notNull())
    .addColumn('exit_handling', 'text', (c) => c.notNull())
    .addColumn('encryption_at_rest', 'integer', (c) => c.notNull())
    .addColumn('encryption_in_transit', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('data_flows_engagement_idx')
    .on('data_flows')
    .columns(['engagement_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('data_flows_vendor_idx')
    .on('data_flows')
    .columns(['vendor_id', 'id'])
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('document_file_id', 'text')
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('review_on', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agreements_vendor_idx')
    .on('agreements')
    .columns(['vendor_id', 'type'])
    .execute();
  await db.schema
    .createIndex('agreements_review_idx')
    .on('agreements')
    .columns(['review_on', 'id'])
    .execute();
  await db.schema
    .createIndex('agreements_expiry_idx')
    .on('agreements')
    .columns(['expires_on', 'id'])
    .execute();

  await db.schema
    .createTable('agreement_data_flows')
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('data_flow_id', 'text', (c) => c.notNull().references('data_flows.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('agreement_data_flows_pk', ['agreement_id', 'data_flow_id'])
    .execute();
  await db.schema
    .createIndex('agreement_data_flows_flow_idx')
    .on('agreement_data_flows')
    .columns(['data_flow_id'])
    .execute();

  await db.schema
    .createTable('vendor_tier_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // A vendor's tier history goes with the vendor (it alone never blocks a deletion).
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('previous_tier', 'integer')
    .addColumn('highest_classification', 'text', (c) => c.notNull())
    .addColumn('criticality', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vendor_tier_changes_vendor_idx')
    .on('vendor_tier_changes')
    .columns(['vendor_id', 'at', 'id'])
    .execute();

  // One row: the organisation's tier matrix and reassessment intervals as a JSON document.
  await db.schema
    .createTable('data_sharing_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'data_sharing_settings',
    'vendor_tier_changes',
    'agreement_data_flows',
    'agreements',
    'data_flows',
  ])
    await db.schema.dropTable(table).execute();
}
