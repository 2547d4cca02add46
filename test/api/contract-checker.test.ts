import { describe, expect, it } from 'vitest';
import { contractChecker } from './permissions/contract';

// The contract check of the permission matrix, on a document small enough to read: it must find
// an undeclared status, a wrong media type and a body outside its schema.
const doc = {
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          '200': {
            description: 'A thing',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { id: { $ref: '#/components/schemas/Id' }, secret: { type: 'string' } },
                  required: ['id', 'secret'],
                  additionalProperties: false,
                },
              },
            },
          },
          '404': { description: 'Not found', content: { 'application/problem+json': { schema: {} } } },
        },
        'x-outpost-vendor-response': {
          '200': {
            type: 'object',
            properties: { id: { $ref: '#/components/schemas/Id' } },
            required: ['id'],
            additionalProperties: false,
          },
        },
      },
    },
  },
  components: { schemas: { Id: { type: 'string', pattern: '^thg_[0-9A-Z]{26}$' } } },
};
const json = { 'content-type': 'application/json; charset=utf-8' };
const id = `thg_${'0'.repeat(26)}`;
const answer = (status: number, body: unknown, headers: Record<string, string> = json) => ({
  status,
  body,
  text: JSON.stringify(body),
  headers,
});

describe('the contract checker', () => {
  const checker = contractChecker(doc);
  const key = 'GET /things/{id}';

  it('passes an answer the document declares', () => {
    expect(checker.problems(key, answer(200, { id, secret: 's' }))).toEqual([]);
    expect(checker.problems(key, answer(404, {}, { 'content-type': 'application/problem+json' }))).toEqual(
      [],
    );
    expect(checker.problems(key, answer(200, { id }), { vendor: true })).toEqual([]);
    expect(checker.seen.has(key)).toBe(true);
  });

  it('finds an undeclared status, a wrong media type and a body outside the schema', () => {
    expect(checker.problems(key, answer(500, {}))).toEqual([
      `${key}: answers 500, which it does not declare`,
    ]);
    expect(checker.problems(key, answer(404, {}))).toEqual([
      `${key}: 404 answers application/json, declared application/problem+json`,
    ]);
    expect(checker.problems(key, answer(200, { id: 'thg_short', secret: 's' })).join()).toMatch(/pattern/);
    expect(checker.problems(key, answer(200, { id, secret: 's', extra: 1 })).join()).toMatch(
      /additional properties/,
    );
    expect(checker.problems(key, answer(200, { id, secret: 's' }), { vendor: true }).join()).toMatch(
      /additional properties/,
    );
    expect(checker.problems('GET /nowhere', answer(200, {}))).toEqual(['GET /nowhere: not in the document']);
  });
});
