import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../plugins/security';
import { logStreamFor, prettyLogLine } from './pretty-log';

function terminal() {
  const lines: string[] = [];
  return { isTTY: true, lines, write: (chunk: string) => lines.push(chunk) };
}

describe('request logs on a terminal', () => {
  it('stay JSON when standard output is not a terminal', () => {
    expect(logStreamFor({ isTTY: false, write: () => true })).toBeUndefined();
    expect(logStreamFor({ write: () => true })).toBeUndefined();
  });

  it('turn a request Fastify logs into readable lines, with what pino redacted still redacted', async () => {
    const out = terminal();
    // Without colours, so the lines can be compared as text (NO_COLOR is read when the stream is made).
    const before = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    const stream = logStreamFor(out);
    if (before === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = before;
    const app = Fastify({ logger: loggerOptions('info', stream), genReqId: () => 'req_1' });
    app.post('/api/v1/things', async (request) => {
      request.log.info({ body: request.body }, 'made a thing');
      return { ok: true };
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      payload: { name: 'Oslo', password: 'hunter2 secret' },
    });
    expect(res.statusCode).toBe(200);
    await app.close();
    const text = out.lines.join('');
    expect(text).not.toContain(String.fromCharCode(27));
    expect(text).not.toMatch(/^\{/m); // no JSON line reached the terminal
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}incoming request POST \/api\/v1\/things \[req_1\]$/m,
    );
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request completed 200 \d+\.\d ms \[req_1\]$/m);
    expect(text).toContain('made a thing');
    expect(text).toContain('"password":"[redacted]"');
    expect(text).not.toContain('hunter2');
  });

  it('shows an error with its stack, and leaves text that is not a pino line alone', () => {
    const json: string[] = [];
    const logger = pino({ base: undefined }, { write: (l: string) => json.push(l) });
    logger.error({ err: new Error('disk full'), vendorId: 'ven_1' }, 'backup failed');
    const line = prettyLogLine(json[0]!.trim(), false);
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} ERROR backup failed vendorId=ven_1\nError: disk full\n {4}at /,
    );
    expect(prettyLogLine('plain text', false)).toBe('plain text');
    expect(prettyLogLine('{"not":"pino"}', false)).toBe('{"not":"pino"}');
  });
});
