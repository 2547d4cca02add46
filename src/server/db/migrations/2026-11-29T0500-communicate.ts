import type { Kysely } from 'kysely';

// Communicate: vendor portal invitations. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Only the SHA-256 of the token is kept: a database copy does not let anyone join.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    // The inviter's name as it was, for the invitation page (which reads no user table).
    .addColumn('invited_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('portal_invitations_vendor_idx')
    .on('portal_invitations')
    .columns(['vendor_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('portal_invitations').execute();
}
