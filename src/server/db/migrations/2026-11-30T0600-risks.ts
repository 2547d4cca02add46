import type { Kysely } from 'kysely';

// Risks: the register (manual risks and automatic signals) and its settings. Frozen: imports
// nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // A signal's stable key (`cert_expiry:crt_…`) and the source that raised it.
    .addColumn('signal_key', 'text')
    .addColumn('signal_source', 'text')
    // The signal key while the signal is not closed, else null: unique, so that two processes
    // evaluating at once never open the same signal twice (NULLs are distinct on both engines).
    .addColumn('open_signal_key', 'text', (c) => c.unique())
    // Null only for a portfolio-wide signal (one country's share of spend).
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('inherent_score', 'integer', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer', (c) => c.notNull())
    .addColumn('residual_impact', 'integer', (c) => c.notNull())
    .addColumn('residual_score', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('controls', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('acceptance_expires_on', 'text')
    .addColumn('acceptance_reason', 'text')
    .addColumn('review_on', 'text')
    // What a signal last saw (JSON): the facts behind it, shown with the risk.
    .addColumn('signal_data', 'text')
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('risks_status_idx')
    .on('risks')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('risks_vendor_idx').on('risks').columns(['vendor_id', 'status']).execute();
  await db.schema.createIndex('risks_signal_idx').on('risks').columns(['signal_source', 'status']).execute();

  await db.schema
    .createTable('risk_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('risk_settings').execute();
  await db.schema.dropTable('risks').execute();
}
