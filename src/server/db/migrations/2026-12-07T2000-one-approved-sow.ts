import { type Kysely, sql } from 'kysely';

// One approved SOW version per engagement, held by the schema: a partial unique index on the
// engagement's approved versions. The services already keep it (approving supersedes the previous
// baseline in the same transaction, behind a lock on the engagement); the index makes a second
// approved version impossible whatever the code does. Before this, two approvals racing on
// PostgreSQL could leave two approved versions: those are repaired first, as approving would have
// — the highest approved version stays the baseline and every older approved one becomes
// superseded — so the index can be built on any existing database. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('sow_versions as s')
    .set({ status: 'superseded', updated_at: new Date().toISOString() })
    .where('s.status', '=', 'approved')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('sow_versions as n')
          .select('n.id')
          .whereRef('n.engagement_id', '=', 's.engagement_id')
          .where('n.status', '=', 'approved')
          .whereRef('n.version', '>', 's.version'),
      ),
    )
    .execute();
  await db.schema
    .createIndex('sow_versions_one_approved_uq')
    .on('sow_versions')
    .column('engagement_id')
    .unique()
    .where(sql.ref('status'), '=', 'approved')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sow_versions_one_approved_uq').execute();
}
