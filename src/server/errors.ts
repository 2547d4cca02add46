/**
 * The one error model of the API. Services throw these; the error plugin turns them into
 * RFC 9457 problem+json. Codes are stable: clients may switch on `type`.
 */
export interface FieldError {
  /** Dotted path of the field (`contacts.0.email`), or `body` for the whole body. */
  field: string;
  message: string;
  /** 1-based line of a CSV file, for imports. */
  line?: number;
}

export const PROBLEM_BASE = 'urn:outpost:problem:';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'bad-request', detail, errors);
export const unauthenticated = (detail = 'Sign in or send a valid API token.') =>
  new AppError(401, 'unauthenticated', detail);
export const forbidden = (detail = 'Your role does not allow this.') =>
  new AppError(403, 'forbidden', detail);
/**
 * 403 for an API token that may not do this (RFC 6750 §3.1 `insufficient_scope`): `needs` is the
 * scope it would take, or `session` where no token may.
 */
export const insufficientScope = (detail: string, needs: 'read' | 'write' | 'session') =>
  new AppError(403, needs === 'session' ? 'session-required' : 'insufficient-scope', detail, undefined, {
    wwwAuthenticate:
      needs === 'session'
        ? 'Bearer error="insufficient_scope", error_description="a signed-in session is required"'
        : `Bearer error="insufficient_scope", scope="${needs}"`,
  });
export const notFound = (what = 'resource') => new AppError(404, 'not-found', `No such ${what}.`);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new AppError(409, 'conflict', detail, undefined, extra);
export const invalid = (errors: FieldError[], detail?: string) =>
  new AppError(
    422,
    'validation',
    detail ?? errors.map((e) => (e.line ? `line ${e.line}: ` : '') + `${e.field}: ${e.message}`).join('; '),
    errors,
  );
export const tooMany = (detail: string, retryAfterSeconds: number) =>
  new AppError(429, 'too-many-requests', detail, undefined, { retryAfter: retryAfterSeconds });
/** Seconds a client is asked to wait (`Retry-After`) while the database does not answer. */
const DATABASE_RETRY_AFTER = 5;
export const databaseUnavailable = () =>
  new AppError(
    503,
    'database-unavailable',
    'The database does not answer at the moment. Try again shortly.',
    undefined,
    { retryAfter: DATABASE_RETRY_AFTER },
  );
export const payloadTooLarge = (detail: string) => new AppError(413, 'payload-too-large', detail);
export const unsupportedMedia = (detail: string) => new AppError(415, 'unsupported-media-type', detail);
