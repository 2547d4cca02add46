import type { Kysely } from 'kysely';

// The event bus: events name their vendor too, and each consumer (notifications, email, webhooks,
// risk signals) records which events it has handled. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('vendor_id', 'text').execute();
  await db.schema.createIndex('events_at_idx').on('events').columns(['at', 'id']).execute();
  await db.schema
    .createTable('event_consumptions')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_consumptions_pk', ['consumer', 'event_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_consumptions').execute();
  await db.schema.dropIndex('events_at_idx').execute();
  await db.schema.alterTable('events').dropColumn('vendor_id').execute();
}
