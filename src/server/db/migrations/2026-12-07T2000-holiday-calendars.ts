import type { Kysely } from 'kysely';

// Holiday calendars of the organisation (vendor_id null) and of vendors or their delivery sites:
// a base country and region, and days added or removed on it. A vendor's calendars go with the
// vendor. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holiday_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('holiday_calendars_vendor_ix')
    .on('holiday_calendars')
    .column('vendor_id')
    .execute();
  await db.schema
    .createTable('holiday_calendar_days')
    .addColumn('calendar_id', 'text', (c) =>
      c.notNull().references('holiday_calendars.id').onDelete('cascade'),
    )
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('holiday_calendar_days_pk', ['calendar_id', 'date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holiday_calendar_days').execute();
  await db.schema.dropTable('holiday_calendars').execute();
}
