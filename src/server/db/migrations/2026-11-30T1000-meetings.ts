import type { Kysely } from 'kysely';

// Governance meetings: series, the meetings someone wrote in, their action items, and each user's
// calendar feed token. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The recurrence rule as JSON (weekly / monthly / quarterly).
    .addColumn('recurrence', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    // [{ type: user|contact, id, name, email }] as named when saved.
    .addColumn('attendees', 'text', (c) => c.notNull())
    // Ids of the internal users attending, space-delimited with a leading and trailing space, for lookups.
    .addColumn('attendee_user_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_series_engagement_idx')
    .on('meeting_series')
    .columns(['engagement_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('agenda_html', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('minutes_html', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('meetings_series_date_uq', ['series_id', 'date'])
    .execute();
  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('series_id', 'text', (c) => c.notNull().references('meeting_series.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('action_items_meeting_idx')
    .on('action_items')
    .columns(['meeting_id'])
    .execute();
  await db.schema
    .createIndex('action_items_owner_idx')
    .on('action_items')
    .columns(['owner_id', 'status'])
    .execute();
  await db.schema
    .createTable('calendar_tokens')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_tokens').execute();
  await db.schema.dropTable('action_items').execute();
  await db.schema.dropTable('meetings').execute();
  await db.schema.dropTable('meeting_series').execute();
}
