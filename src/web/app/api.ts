/**
 * The one HTTP client of the web app: same-origin cookies, the CSRF token on changes, and
 * RFC 9457 problem documents turned into ApiError.
 */
import type { z } from 'zod';
import type { FieldProblem } from '../../contracts/common';

/** One field's complaint from a problem document (`line` for CSV imports). */
export type FieldError = z.infer<typeof FieldProblem>;

/** An answer of the API that was not a success. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(status: number, detail: string, errors: FieldError[] = [], body: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.errors = errors;
    this.body = body;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The CSRF token for a request made outside `api` (an upload that reports its progress). */
export const currentCsrfToken = () => csrfToken;

/** Remember the CSRF token that login or GET /me gave; sent as X-CSRF-Token on every change. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** What to do when a call answers 401 (the session ended): the session provider signs out. */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | null | undefined>;

/** `/api/v1` + path + the query without empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A raw body (such as CSV text) with its content type. */
  raw?: { text: string; contentType: string };
  /** Leave 401 to the caller (login, the first /me) instead of signing out. */
  allowUnauthorized?: boolean;
  /** A multipart form (file uploads); the browser sets its content type. */
  form?: FormData;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  let payload: string | FormData | undefined;
  if (options.form) {
    payload = options.form;
  } else if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.text;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  payload ??= body;

  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'Outpost cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.ok) return parsed as T;

  if (res.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
  const detail =
    typeof parsed?.detail === 'string'
      ? parsed.detail
      : `The server answered ${res.status} ${res.statusText || ''}`.trim();
  const errors = Array.isArray(parsed?.errors) ? (parsed.errors as FieldError[]) : [];
  throw new ApiError(res.status, detail, errors, parsed ?? {});
}

/** Typed helpers; the types come from src/contracts at each call site. */
export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  postRaw: <T>(path: string, text: string, contentType: string) =>
    request<T>('POST', path, { raw: { text, contentType } }),
  /** Upload one file as the multipart part `file` (POST /files). */
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<T>('POST', path, { form });
  },
};
