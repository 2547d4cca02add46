import type { Kysely } from 'kysely';

// Sourcing events (bid comparison). Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sourcing_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('function', 'text', (c) => c.notNull())
    .addColumn('scope_summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('business_case_id', 'text', (c) => c.references('business_cases.id'))
    .addColumn('awarded_vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('awarded_engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('awarded_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sourcing_events_created_idx')
    .on('sourcing_events')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createTable('sourcing_candidates')
    .addColumn('event_id', 'text', (c) => c.notNull().references('sourcing_events.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sourcing_candidates_pk', ['event_id', 'vendor_id'])
    .execute();
  await db.schema
    .createIndex('sourcing_candidates_vendor_idx')
    .on('sourcing_candidates')
    .column('vendor_id')
    .execute();
  await db.schema
    .createTable('sourcing_criteria')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('sourcing_events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sourcing_criteria_event_idx')
    .on('sourcing_criteria')
    .column('event_id')
    .execute();
  await db.schema
    .createTable('sourcing_evaluators')
    .addColumn('event_id', 'text', (c) => c.notNull().references('sourcing_events.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sourcing_evaluators_pk', ['event_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('sourcing_scores')
    .addColumn('event_id', 'text', (c) => c.notNull().references('sourcing_events.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('criterion_id', 'text', (c) => c.notNull().references('sourcing_criteria.id'))
    .addColumn('evaluator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sourcing_scores_pk', ['event_id', 'vendor_id', 'criterion_id', 'evaluator_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'sourcing_scores',
    'sourcing_evaluators',
    'sourcing_criteria',
    'sourcing_candidates',
    'sourcing_events',
  ])
    await db.schema.dropTable(t).execute();
}
