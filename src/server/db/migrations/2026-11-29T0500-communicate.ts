import type { Kysely } from 'kysely';

// Communicate: vendor portal invitations, threads and messages. Frozen: imports nothing from the app.
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

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // An engagement's thread, or (engagement null) a thread with the vendor as a whole.
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_message_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('threads_engagement_idx')
    .on('threads')
    .columns(['engagement_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('threads_vendor_idx')
    .on('threads')
    .columns(['vendor_id', 'visibility'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('messages_thread_idx')
    .on('messages')
    .columns(['thread_id', 'created_at', 'id'])
    .execute();

  // Every earlier text of an edited message, and who replaced it when.
  await db.schema
    .createTable('message_edits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'timestamptz', (c) => c.notNull())
    .addColumn('replaced_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_edits_message_idx')
    .on('message_edits')
    .columns(['message_id'])
    .execute();

  await db.schema
    .createTable('thread_reads')
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_reads_pk', ['thread_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['thread_reads', 'message_edits', 'messages', 'threads', 'portal_invitations'])
    await db.schema.dropTable(table).execute();
}
