import type { Kysely } from 'kysely';

// Spend (invoices, exchange rates), renewals (decisions, auto-renew, the notice published once)
// and exit plans. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    // Copied from the engagement so that a vendor user's scope is one indexed condition.
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dispute_reason', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // An invoice number is the vendor's own numbering: unique per vendor.
  await db.schema
    .createIndex('invoices_vendor_number_uq')
    .on('invoices')
    .columns(['vendor_id', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('invoices_engagement_idx')
    .on('invoices')
    .columns(['engagement_id', 'period_end'])
    .execute();
  await db.schema.createIndex('invoices_period_idx').on('invoices').columns(['period_end', 'id']).execute();

  await db.schema
    .createTable('exchange_rates')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    // Units of the organisation's currency per one unit of `currency`.
    .addColumn('rate', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_rates_pk', ['currency', 'date'])
    .execute();

  await db.schema
    .createTable('engagement_renewals')
    .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id'))
    .addColumn('auto_renew', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decision', 'text')
    // The end of term the decision is about: a decision for an earlier term no longer counts.
    .addColumn('decision_for', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    // The end of term whose renewal.due event went out (once per term).
    .addColumn('notice_published_for', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exit_plans')
    .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id'))
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exit_plans').execute();
  await db.schema.dropTable('engagement_renewals').execute();
  await db.schema.dropTable('exchange_rates').execute();
  await db.schema.dropTable('invoices').execute();
}
