import type { Kysely } from 'kysely';

// The DORA register of information (Commission Implementing Regulation (EU) 2024/2956): the LEI of
// each vendor (B_05.01), the type of ICT services and whether an engagement supports a critical or
// important function (B_02.02), the functions the organisation has identified (B_06.01) with the
// engagements that support them, and the register's own settings (B_01.01). Frozen: imports
// nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vendors').addColumn('lei', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('ict_service_type', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('supports_critical_function', 'integer').execute();
  await db.schema
    .createTable('dora_functions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('licensed_activity', 'text')
    .addColumn('criticality', 'text', (c) => c.notNull())
    .addColumn('criticality_reasons', 'text')
    .addColumn('last_assessed_on', 'text')
    .addColumn('rto_hours', 'integer')
    .addColumn('rpo_hours', 'integer')
    .addColumn('discontinuing_impact', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dora_function_engagements')
    .addColumn('function_id', 'text', (c) => c.notNull().references('dora_functions.id').onDelete('cascade'))
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('dora_function_engagements_pk', ['function_id', 'engagement_id'])
    .execute();
  await db.schema
    .createIndex('dora_function_engagements_engagement_ix')
    .on('dora_function_engagements')
    .column('engagement_id')
    .execute();
  await db.schema
    .createTable('dora_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dora_settings').execute();
  await db.schema.dropTable('dora_function_engagements').execute();
  await db.schema.dropTable('dora_functions').execute();
  await db.schema.alterTable('engagements').dropColumn('supports_critical_function').execute();
  await db.schema.alterTable('engagements').dropColumn('ict_service_type').execute();
  await db.schema.alterTable('vendors').dropColumn('lei').execute();
}
