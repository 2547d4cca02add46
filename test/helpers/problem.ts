import { expect } from 'vitest';

/** Assert an RFC 9457 problem answer: the status, the content type and every required member. */
export function expectProblem(
  res: { status: number; headers: Record<string, unknown>; body: any; text?: string },
  status: number,
) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    type: expect.stringMatching(/^urn:outpost:problem:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(res.body.detail.length).toBeGreaterThan(0);
}
