/**
 * Building blocks shared by every contract: reference data (countries, time zones, currencies,
 * languages), ids, pagination and the problem document. No I/O, no Node or DOM APIs.
 */
import { z } from 'zod';
import { COUNTRY_CODES } from './countries';
import { isCurrency } from './money';

export { COUNTRY_CODES };

const countrySet = new Set(COUNTRY_CODES);

export const Country = z
  .string()
  .refine((v) => countrySet.has(v), {
    message: 'must be an ISO 3166-1 alpha-2 country code, such as DE or IN',
  })
  .meta({ description: 'ISO 3166-1 alpha-2 country code', example: 'PH' });

export function isTimeZone(v: string): boolean {
  if (!v || v.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .refine(isTimeZone, { message: 'must be an IANA time zone, such as Europe/Berlin' })
  .meta({ description: 'IANA time zone name', example: 'Asia/Manila' });

/** ISO 4217 list one (money.ts): the same list everywhere, whatever the runtime's Intl data knows. */
export const Currency = z
  .string()
  .refine(isCurrency, { message: 'must be an ISO 4217 currency code, such as EUR' })
  .meta({ description: 'ISO 4217 currency code (list one, with a minor unit)', example: 'EUR' });

export function isLanguageTag(v: string): boolean {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v)) return false;
  try {
    return Intl.getCanonicalLocales(v).length === 1;
  } catch {
    return false;
  }
}
export const Language = z
  .string()
  .refine(isLanguageTag, { message: 'must be a BCP 47 language tag, such as en or pt-BR' })
  .meta({ description: 'BCP 47 language tag', example: 'en' });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** An opaque, prefixed id such as `vnd_01J…`. */
export const idOf = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Z]{26}$`), { message: `must be an id starting with ${prefix}_` })
    .meta({ example: `${prefix}_01JD3ZQ8N00000000000000000` });

export const Instant = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 instant' });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** A page of a list: `nextCursor` is null on the last page. */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A page of a list as a type: what `page(item)` parses to. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const FieldProblem = z.object({
  field: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
});

/** RFC 9457 problem details, as every error of the API answers. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldProblem).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** A required, trimmed, human name. */
export const Name = z.string().trim().min(1, { message: 'is required' }).max(200);

export const IdParams = z.object({ id: z.string().min(1).max(64) });
/**
 * `bom` of every CSV export: `1` (the default, and what the web's download buttons send) starts
 * the file with a UTF-8 byte order mark so that Excel reads names in any script; `0` leaves it
 * out for scripts that read plain UTF-8. Ignored for the other formats of the same operation.
 */
export const CsvBom = z.enum(['0', '1']).default('1').meta({
  description:
    'CSV only: `1` (default) starts the file with a UTF-8 byte order mark so that Excel reads any script; `0` leaves it out',
});
export const CsvBomQuery = z.object({ bom: CsvBom });
export const Empty = z.object({});
