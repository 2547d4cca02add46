import type { Kysely } from 'kysely';

// Mails to an address that is not (yet) a user's, such as a portal invitation: the outbox row
// names the address; its user is whoever caused the mail. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').addColumn('to_address', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').dropColumn('to_address').execute();
}
