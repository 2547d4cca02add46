import { type Kysely, sql } from 'kysely';

// KPI measurements with their 15-minute roll-ups, idempotency keys, SLA settings, closed SLA
// periods, domain events and job leases. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measurements')
    // No id column: a measurement is never addressed on its own (its identity for clients is
    // kpi + source + external id), and a primary-key index would slow bulk loads by about a third.
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kpi_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // double precision: `real` is a 4-byte float on PostgreSQL.
    .addColumn('value', 'double precision')
    .addColumn('numerator', 'double precision')
    .addColumn('denominator', 'double precision')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Measurements without an external id never clash (both engines treat NULLs as distinct); a
  // partial index also keeps bulk loads without external ids from paying for it.
  await db.schema
    .createIndex('measurements_external_uq')
    .on('measurements')
    .columns(['kpi_id', 'source', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('measurements_period_idx')
    .on('measurements')
    .columns(['engagement_id', 'kpi_id', 'source', 'at'])
    .execute();

  // Sums per 15-minute UTC bucket: every time zone's midnight falls on a quarter hour, so any
  // day, week or month in any zone is a whole number of buckets and is summed without reading
  // each measurement.
  await db.schema
    .createTable('measurement_rollups')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kpi_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('bucket', 'timestamptz', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('total', 'double precision')
    .addColumn('lo', 'double precision')
    .addColumn('hi', 'double precision')
    .addColumn('num', 'double precision')
    .addColumn('den', 'double precision')
    .addPrimaryKeyConstraint('measurement_rollups_pk', ['engagement_id', 'kpi_id', 'source', 'bucket'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['key', 'engagement_id'])
    .execute();

  await db.schema
    .createTable('sla_settings')
    .addColumn('engagement_id', 'text', (c) =>
      c.primaryKey().references('engagements.id').onDelete('cascade'),
    )
    .addColumn('earn_back_enabled', 'integer', (c) => c.notNull())
    .addColumn('earn_back_periods', 'integer', (c) => c.notNull())
    .addColumn('grace_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('kpis_evaluated', 'integer', (c) => c.notNull())
    .addColumn('kpis_met', 'integer', (c) => c.notNull())
    .addColumn('credit', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reopened_at', 'timestamptz')
    .addColumn('note', 'text')
    .addUniqueConstraint('sla_periods_uq', ['engagement_id', 'granularity', 'source', 'period'])
    .execute();
  await db.schema
    .createIndex('sla_periods_portfolio_idx')
    .on('sla_periods')
    .columns(['granularity', 'source', 'period'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_type_idx').on('events').columns(['type', 'at']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'job_leases',
    'events',
    'sla_periods',
    'sla_settings',
    'idempotency_keys',
    'measurement_rollups',
    'measurements',
  ])
    await db.schema.dropTable(table).execute();
}
