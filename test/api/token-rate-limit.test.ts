/**
 * Requests per API token are limited, and every answer to a token says where it stands in the IETF
 * draft's RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-06): the test keeps its own
 * count of the requests it sent and compares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const LIMIT = 5;

describe.each(dialects)('rate limits per API token on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  const token = async (name: string) =>
    (await t.call('POST', '/api/v1/tokens', { as: owner, body: { name, scope: 'read' } })).body
      .token as string;
  const as = (value: string): Session => ({ userId: owner.userId, role: owner.role, token: value });

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { OUTPOST_RATE_LIMIT_TOKEN_REQUESTS: String(LIMIT) } });
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  it('counts each token on its own and says so in RateLimit-Limit, -Remaining and -Reset', async () => {
    const first = await token('first');
    const second = await token('second');
    let sent = 0;
    for (let i = 0; i < LIMIT; i++) {
      const res = await t.call('GET', '/api/v1/vendors', { as: as(first) });
      sent++;
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - sent));
      const reset = Number(res.headers['ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
    }
    const refused = await t.call('GET', '/api/v1/vendors', { as: as(first) });
    expectProblem(refused, 429);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.detail).toContain(`at most ${LIMIT} a minute`);
    // Another token of the same user has its own count.
    const other = await t.call('GET', '/api/v1/vendors', { as: as(second) });
    expect(other.status).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
  });

  it('leaves sessions and refused tokens out of the count', async () => {
    const session = await t.call('GET', '/api/v1/vendors', { as: owner });
    expect(session.status).toBe(200);
    expect(session.headers['ratelimit-limit']).toBeUndefined();
    const forged = await t.call('GET', '/api/v1/vendors', { as: as('opt_forged') });
    expectProblem(forged, 401);
    expect(forged.headers['ratelimit-limit']).toBeUndefined();
  });
});
