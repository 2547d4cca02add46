import type { Kysely } from 'kysely';

// Notification delivery: each user's channel per event type, the email outbox (a row stays until
// the mail is sent), the items waiting for a user's daily digest, and a dedupe key on events so a
// reminder job publishes each reminder once. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('dedupe_key', 'text').execute();
  await db.schema.createIndex('events_dedupe_uq').on('events').column('dedupe_key').unique().execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'event_type'])
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // One mail per (user, event) or (user, digest day): a second consumer run adds nothing.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_outbox_dedupe_uq')
    .on('email_outbox')
    .columns(['user_id', 'dedupe_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('email_outbox_due_idx')
    .on('email_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('digest_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('context', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // The outbox row of the digest that carried it; null while it waits.
    .addColumn('email_id', 'text')
    .execute();
  await db.schema
    .createIndex('digest_items_event_uq')
    .on('digest_items')
    .columns(['user_id', 'event_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('digest_items_pending_idx')
    .on('digest_items')
    .columns(['email_id', 'user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_items').execute();
  await db.schema.dropTable('email_outbox').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropIndex('events_dedupe_uq').execute();
  await db.schema.alterTable('events').dropColumn('dedupe_key').execute();
}
