import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/database';
import { isForeignKeyViolation, isUniqueViolation } from '../db/locks';
import { AppError, databaseUnavailable, type FieldError, PROBLEM_BASE, titles } from '../errors';

/** Turn a failed zod validation into per-field errors, naming unknown fields one by one. */
function fieldErrors(
  err: { validation: Array<{ keyword: string; instancePath: string; message?: string; params: any }> },
  context: string,
) {
  const out: FieldError[] = [];
  for (const v of err.validation) {
    const base = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys)) {
      for (const key of v.params.keys) {
        out.push({ field: base ? `${base}.${key}` : String(key), message: 'is not a known field' });
      }
      continue;
    }
    out.push({
      field: base || (context === 'body' ? 'body' : context),
      message: v.message ?? 'is not valid',
    });
  }
  return out;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const body = {
    type: PROBLEM_BASE + err.code,
    title: titles[err.status] ?? 'Error',
    status: err.status,
    detail: err.message,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(err.errors?.length ? { errors: err.errors } : {}),
  };
  if (typeof err.extra?.retryAfter === 'number') {
    reply.header('Retry-After', String(err.extra.retryAfter));
  }
  if (typeof err.extra?.wwwAuthenticate === 'string') {
    reply.header('WWW-Authenticate', err.extra.wwwAuthenticate);
  }
  if (err.extra?.allowed) Object.assign(body, { allowed: err.extra.allowed });
  // "SSO required": the provider to sign in with instead (the sign-in page shows its button).
  if (err.extra?.provider) Object.assign(body, { provider: err.extra.provider });
  return reply.status(err.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

/** Classify anything thrown into an AppError; 5xx text never reaches the client. */
function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  // A lost or unreachable database is not a fault of this request: 503 and Retry-After, not 500.
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  // A unique index refused a row a concurrent request wrote first (the check before it read too
  // early): the index held the rule, and this request loses — 409, as the check would have said.
  if (isUniqueViolation(error))
    return new AppError(
      409,
      'conflict',
      'A concurrent request changed the same record first. Reload it and try again.',
    );
  // The same for a record this one refers to (or that refers to it), added or deleted meanwhile.
  if (isForeignKeyViolation(error))
    return new AppError(
      409,
      'conflict',
      'A record this request refers to was changed or deleted by a concurrent request. Reload and try again.',
    );
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = fieldErrors(error as any, context);
    return new AppError(
      422,
      'validation',
      `The ${context === 'querystring' ? 'query' : context} is not valid: ` +
        errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    );
  }
  const e = error as FastifyError;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid-json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload-too-large', 'The request body is larger than the 1 MiB limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        415,
        'unsupported-media-type',
        `The content type ${request.headers['content-type'] ?? '(none)'} is not accepted here.`,
      );
  }
  if (e instanceof SyntaxError && e.statusCode === 400) {
    return new AppError(400, 'invalid-json', 'The request body is not valid JSON.');
  }
  if (e.statusCode === 429) return new AppError(429, 'too-many-requests', e.message);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const codes: Record<number, string> = {
      403: 'forbidden',
      404: 'not-found',
      405: 'method-not-allowed',
      406: 'not-acceptable',
    };
    return new AppError(e.statusCode, codes[e.statusCode] ?? 'bad-request', e.message);
  }
  return new AppError(
    500,
    'internal',
    `An unexpected error occurred. It was logged with request id ${request.id}.`,
  );
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.code === 'database-unavailable') request.log.warn({ err: error }, 'database unavailable');
    else if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });
}
