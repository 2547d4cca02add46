import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors';
import { inputProblem, lineProblem } from '../lib/input-text';

const PARTS = [
  ['params', 'path'],
  ['query', 'query'],
  ['body', 'body'],
] as const;

/**
 * One check of every route's path parameters, query and body, before validation and before any
 * handler: text the databases cannot store alike (NUL, lone surrogates) and nesting deeper than
 * MAX_NESTING are refused with 422 naming the field, or the line of a text body (CSV imports).
 * A hook on the root instance, so a route added later cannot miss it.
 */
export function registerInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const [part, name] of PARTS) {
      const value = request[part];
      if (typeof value === 'string') {
        const found = lineProblem(value);
        if (found)
          throw invalid(
            [{ field: 'file', line: found.line, message: found.message }],
            `The ${name} is not valid: line ${found.line} ${found.message}.`,
          );
        continue;
      }
      const found = inputProblem(value);
      if (found) {
        const field = found.path.join('.') || name;
        throw invalid(
          [{ field, message: found.message }],
          `The ${name} is not valid: ${field} ${found.message}.`,
        );
      }
    }
  });
}
