import type { Kysely } from 'kysely';

// Files attached to an outbox mail (the quarterly portfolio summary), base64 in a text column so
// both engines store them alike. They go with the mail and are deleted once it is sent: the
// report can be generated again at any time. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_attachments')
    .addColumn('email_id', 'text', (c) => c.notNull().references('email_outbox.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_attachments_pk', ['email_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_attachments').execute();
}
