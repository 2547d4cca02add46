import type { Kysely } from 'kysely';

// Single sign-on with OpenID Connect: the identity providers (a vendor's own provider carries its
// vendor), the role mapping (a claim or group value to a role, per provider), the sign-ins under
// way (state, nonce and PKCE verifier until the callback), and on users and sessions the provider
// an account and a session came from. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // In the redirect URI and on the sign-in button's address: lower-case letters, digits, dashes.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // Sealed with a key derived from the instance secret (lib/secret-box.ts).
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    // JSON array of lower-case e-mail domains whose users must sign in here ("SSO required").
    .addColumn('domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('role_claim', 'text', (c) => c.notNull().defaultTo('groups'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('role_mappings')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('identity_providers.id'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_mappings_pk', ['provider_id', 'value'])
    .execute();
  await db.schema
    .createTable('sso_requests')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('users').addColumn('sso_provider_id', 'text').execute();
  await db.schema.alterTable('users').addColumn('sso_subject', 'text').execute();
  await db.schema
    .createIndex('users_sso_subject_idx')
    .on('users')
    .columns(['sso_provider_id', 'sso_subject'])
    .unique()
    .execute();
  await db.schema.alterTable('sessions').addColumn('sso_provider_id', 'text').execute();
  // The ID token of the sign-in, sent back as `id_token_hint` when the session ends (RP-initiated logout).
  await db.schema.alterTable('sessions').addColumn('id_token', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('id_token').execute();
  await db.schema.alterTable('sessions').dropColumn('sso_provider_id').execute();
  await db.schema.dropIndex('users_sso_subject_idx').execute();
  await db.schema.alterTable('users').dropColumn('sso_subject').execute();
  await db.schema.alterTable('users').dropColumn('sso_provider_id').execute();
  await db.schema.dropTable('sso_requests').execute();
  await db.schema.dropTable('role_mappings').execute();
  await db.schema.dropTable('identity_providers').execute();
}
