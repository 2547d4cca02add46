import type { Kysely } from 'kysely';

// A vendor's delivery sites: where the work is done (country, region, time zone), the site's work
// week and hours, and which of the vendor's holiday calendars it keeps (null: its country's
// national data). Sites go with the vendor; a deleted calendar leaves the site on national data.
// Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vendor_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('workdays', 'text', (c) => c.notNull())
    .addColumn('hours_start', 'text', (c) => c.notNull())
    .addColumn('hours_end', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.references('holiday_calendars.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vendor_sites_vendor_ix').on('vendor_sites').column('vendor_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vendor_sites').execute();
}
