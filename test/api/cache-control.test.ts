/**
 * No API answer is kept by a browser or proxy (issue #15 item 5): every GET of the OpenAPI
 * document, as a signed-in owner and anonymously, answers `Cache-Control: no-store`, errors too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

describe.each(dialects)('Cache-Control on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let paths: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const doc = await t.call('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.headers['cache-control']).toBe('no-store');
    paths = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path.replace(/\{[^}]+\}/g, 'nope'));
  });
  afterAll(() => t.close());

  it('is no-store on every GET of the OpenAPI document, as the owner and anonymously', async () => {
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths)
      for (const as of [owner, undefined]) {
        const res = await t.call('GET', path, { as });
        expect(res.status, `${path}: ${res.text}`).toBeLessThan(500);
        expect(String(res.headers['cache-control']), `GET ${path}`).toContain('no-store');
      }
  });

  it('is no-store on /me with its CSRF token, on writes, errors and unknown routes', async () => {
    const me = await t.call('GET', '/api/v1/me', { as: owner });
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const token = await t.call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'cache test', scope: 'read' },
    });
    expect(token.status, token.text).toBe(201);
    expect(token.headers['cache-control']).toBe('no-store');
    for (const url of ['/api/v1/nowhere', '/api/v1/health', '/api/v1/ready'])
      expect((await t.call('GET', url)).headers['cache-control'], url).toBe('no-store');
  });

  it('leaves the calendar feed its own policy, and the API reference still loads', async () => {
    const made = await t.call('POST', '/api/v1/calendar/token', { as: owner });
    const feed = await t.call('GET', made.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    expect((await t.call('GET', '/api/docs/')).status).toBe(200);
  });
});
