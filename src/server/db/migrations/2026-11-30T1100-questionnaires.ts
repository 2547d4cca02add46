import type { Kysely } from 'kysely';

// Questionnaire templates (versioned) and assessments sent to vendors. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('questionnaire_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The whole content (name, description, sections, flags) as JSON.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('questionnaire_templates_updated_idx')
    .on('questionnaire_templates')
    .columns(['updated_at', 'id'])
    .execute();
  await db.schema
    .createTable('questionnaire_template_versions')
    .addColumn('template_id', 'text', (c) => c.notNull().references('questionnaire_templates.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('questionnaire_template_versions_pk', ['template_id', 'version'])
    .execute();
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('questionnaire_templates.id'))
    .addColumn('template_version', 'integer', (c) => c.notNull())
    // The template as sent: a later edit of the template does not change an assessment.
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull())
    // Kept with each save so lists and the diligence checklist read them without recomputing.
    .addColumn('score', 'double precision')
    .addColumn('open_flags', 'integer', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assessments_vendor_idx')
    .on('assessments')
    .columns(['vendor_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('assessments_created_idx')
    .on('assessments')
    .columns(['created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['assessments', 'questionnaire_template_versions', 'questionnaire_templates'])
    await db.schema.dropTable(t).execute();
}
