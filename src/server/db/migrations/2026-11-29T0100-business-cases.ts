import type { Kysely } from 'kysely';

// Business cases: in-house cost against partners' bids. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('business_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('function', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('horizon_years', 'integer', (c) => c.notNull())
    .addColumn('discount_rate_pct', 'double precision', (c) => c.notNull())
    .addColumn('fx_rates', 'text', (c) => c.notNull())
    .addColumn('in_house', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('risk_ranges', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('business_cases_name_idx')
    .on('business_cases')
    .columns(['name', 'id'])
    .execute();
  await db.schema
    .createIndex('business_cases_updated_idx')
    .on('business_cases')
    .columns(['updated_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('business_cases').execute();
}
