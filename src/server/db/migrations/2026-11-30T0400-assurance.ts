import type { Kysely } from 'kysely';

// Assurance: access grants and review campaigns, security assessments and findings, and the
// settings (deadlines, intervals). Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    // No foreign key: contacts may be removed or erased; the grant's history stays.
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('access_level', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_by_name', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_grants_vendor_idx')
    .on('access_grants')
    .columns(['vendor_id', 'revoked_at', 'id'])
    .execute();
  await db.schema
    .createIndex('access_grants_engagement_idx')
    .on('access_grants')
    .column('engagement_id')
    .execute();

  await db.schema
    .createTable('access_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('overdue_notified_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_reviews_status_idx')
    .on('access_reviews')
    .columns(['status', 'due_on'])
    .execute();

  await db.schema
    .createTable('access_review_items')
    .addColumn('review_id', 'text', (c) => c.notNull().references('access_reviews.id'))
    .addColumn('grant_id', 'text', (c) => c.notNull().references('access_grants.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('access_level', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addPrimaryKeyConstraint('access_review_items_pk', ['review_id', 'grant_id'])
    .execute();
  await db.schema
    .createIndex('access_review_items_vendor_idx')
    .on('access_review_items')
    .columns(['vendor_id', 'review_id'])
    .execute();

  await db.schema
    .createTable('security_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('summary', 'text')
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('security_assessments_vendor_idx')
    .on('security_assessments')
    .columns(['vendor_id', 'due_on'])
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('assessment_id', 'text', (c) => c.references('security_assessments.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('raised_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON documents: { text, fileId, by, byName, at }
    .addColumn('proposed_resolution', 'text')
    .addColumn('resolution', 'text')
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_by_name', 'text')
    .addColumn('acceptance_reason', 'text')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('acceptance_expires_on', 'text')
    .addColumn('overdue_notified_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('findings_vendor_idx')
    .on('findings')
    .columns(['vendor_id', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('findings_due_idx').on('findings').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('findings_assessment_idx').on('findings').column('assessment_id').execute();

  await db.schema
    .createTable('finding_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('finding_comments_finding_idx')
    .on('finding_comments')
    .columns(['finding_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('assurance_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'assurance_settings',
    'finding_comments',
    'findings',
    'security_assessments',
    'access_review_items',
    'access_reviews',
    'access_grants',
  ])
    await db.schema.dropTable(table).execute();
}
