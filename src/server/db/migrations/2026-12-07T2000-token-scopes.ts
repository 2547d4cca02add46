import type { Kysely } from 'kysely';

// API tokens get a scope, `read` or `write`, chosen when they are created. Tokens made before
// scopes existed could do everything their user's role allows, and scripts depend on that: they
// keep working as `write` tokens (their owners see the scope in the list and may replace them with
// `read` ones). The default only fills the existing rows: the app always writes the scope. Frozen:
// imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('write'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('scope').execute();
}
