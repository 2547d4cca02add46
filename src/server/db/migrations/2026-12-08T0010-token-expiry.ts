import { type Kysely, sql } from 'kysely';

// API tokens now always expire (decision 89): 90 days after creation unless another date is chosen.
// Tokens made before had no expiry, and scripts depend on them: rather than cut them off at once,
// each live one expires 90 days after this migration runs, the same notice a new token gets. Their
// owners see the date on the tokens page and replace them in time. Revoked tokens stay as they
// were. Frozen: imports nothing from the app.
export async function up(db: Kysely<any>): Promise<void> {
  const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
  await sql`update api_tokens set expires_at = ${expiresAt} where expires_at is null and revoked_at is null`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  // The dates given cannot be told apart from chosen ones; tokens keep them.
}
