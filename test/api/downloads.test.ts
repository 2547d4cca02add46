/**
 * Every download, found in the OpenAPI document (each operation whose 2xx answer is a file type —
 * PDF, CSV, iCalendar, Markdown, bytes — or declares a `Content-Disposition` header), fetched for
 * records named in Polish, Vietnamese, Japanese, Chinese and Korean, in every `format` it offers.
 * The header is checked by hand against RFC 6266 and RFC 8187 (an ASCII `filename` quoted-string,
 * `filename*` of attr-chars and %XX, decoded here byte by byte as strict UTF-8) and read back with
 * the `content-disposition` package's parser; the decoded name is the one the test expects. A new
 * download fails here until it has a probe below.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'content-disposition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
/** Media types that make an answer a file to save. */
const FILE_TYPES = [
  'application/pdf',
  'text/csv',
  'text/calendar',
  'text/markdown',
  'application/octet-stream',
];

const POLISH = 'Payroll for Poland, Łódź';
const JAPANESE = '日本語サポート';
const VENDOR = 'Dział Usługi Sp. z o.o.';
const VENDOR_JP = '株式会社テスト';
const CASE = 'Tiếng Việt 客服 고객센터';
const TEMPLATE = 'Bezpieczeństwo 情報セキュリティ';
const UPLOAD = 'Umowa Łódź — 契約書 계약.pdf';

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: { enum?: string[] } }>;
  responses?: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

interface Seeded {
  engagements: Array<{ id: string; title: string }>;
  vendors: Array<{ id: string; name: string }>;
  caseId: string;
  templateId: string;
  fileId: string;
  calendar: string;
}
/**
 * Per download: the URLs to fetch (before `format`) and, for each, the file name it must carry (a
 * pattern where the name holds the time it was made, as the DORA package's does).
 */
type Probe = (s: Seeded, format: string | undefined) => Array<{ url: string; name: string | RegExp }>;
const today = () => new Date().toISOString().slice(0, 10);
const PROBES: Record<string, Probe> = {
  'GET /api/v1/vendors/export': () => [{ url: `${V1}/vendors/export`, name: 'vendors.csv' }],
  'GET /api/v1/files/{id}': (s) => [{ url: `${V1}/files/${s.fileId}`, name: UPLOAD }],
  'GET /api/v1/engagements/{id}/sow/export': (s, f) =>
    s.engagements.map((e) => ({
      url: `${V1}/engagements/${e.id}/sow/export`,
      name: `${e.title === POLISH ? 'payroll-for-poland-łódź' : JAPANESE}-v1.${f === 'pdf' ? 'pdf' : 'md'}`,
    })),
  'GET /api/v1/business-cases/{id}/export': (s, f) => [
    { url: `${V1}/business-cases/${s.caseId}/export`, name: `business-case-tiếng-việt-客服-고객센터.${f}` },
  ],
  'GET /api/v1/data-flows/export': (s, f) => [
    { url: `${V1}/data-flows/export`, name: `record-of-processing.${f}` },
    {
      url: `${V1}/data-flows/export?vendorId=${s.vendors[0]!.id}`,
      name: `record-of-processing-${s.vendors[0]!.id}.${f}`,
    },
  ],
  'GET /api/v1/calendar/{file}': (s) => [{ url: s.calendar, name: 'outpost.ics' }],
  'GET /api/v1/reports/qbr': (s) =>
    s.vendors.map((v) => ({
      url: `${V1}/reports/qbr?vendorId=${v.id}&quarter=2027-Q1`,
      name: `qbr-${v.name === VENDOR ? 'Dział-Usługi-Sp-z-o-o' : VENDOR_JP}-2027-Q1.pdf`,
    })),
  // The DORA package: the organisation has no LEI here, the name says so; the time it was made ends it.
  'GET /api/v1/registers/dora': () => [
    {
      url: `${V1}/registers/dora?referenceDate=2026-12-31`,
      name: /^NO-LEI\.IND_US_DORA010100_DORA_2026-12-31_\d{17}\.zip$/,
    },
  ],
  'GET /api/v1/reports/portfolio': (_s, f) => [
    { url: `${V1}/reports/portfolio`, name: `portfolio-${today()}.${f}` },
  ],
  'GET /api/v1/questionnaire-templates/{id}/export': (s) => [
    {
      url: `${V1}/questionnaire-templates/${s.templateId}/export`,
      name: 'bezpieczeństwo-情報セキュリティ.json',
    },
  ],
};

/** RFC 8187 attr-char, and %XX. */
const EXT_VALUE = /^UTF-8''((?:%[0-9A-F]{2}|[A-Za-z0-9!#$&+\-.^_`|~])+)$/;
/** RFC 9110 quoted-string without quoted-pairs: printable ASCII but `"` and `\`. */
const HEADER = /^attachment; filename="([\x20\x21\x23-\x5b\x5d-\x7e]*)"; filename\*=(.+)$/;

/** The `filename*` value decoded by hand: %XX to bytes, then strict UTF-8. */
function decodeExtValue(value: string): string {
  const m = EXT_VALUE.exec(value);
  if (!m) throw new Error(`not an RFC 8187 UTF-8 value: ${value}`);
  const bytes: number[] = [];
  const s = m[1]!;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
}

describe.each(dialects)('downloads on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let doc: Doc;
  const seeded: Seeded = {
    engagements: [],
    vendors: [],
    caseId: '',
    templateId: '',
    fileId: '',
    calendar: '',
  };

  const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const res = await t.call(method, url, { as: owner, body });
    expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    doc = (await t.call('GET', `${V1}/openapi.json`)).body;
    for (const name of [VENDOR, VENDOR_JP]) {
      const v = await t.vendor({ name, legalName: name });
      seeded.vendors.push({ id: v.id, name: v.name });
    }
    for (const title of [POLISH, JAPANESE]) {
      const e = await ok('POST', `${V1}/engagements`, {
        vendorId: seeded.vendors[0]!.id,
        title,
        function: 'customer_service',
        startDate: '2027-01-01',
        budget: 100_000,
      });
      await ok('PUT', `${V1}/engagements/${e.id}/sow`, GOOD_SOW);
      seeded.engagements.push({ id: e.id, title });
    }
    const c = await ok('POST', `${V1}/business-cases`, {
      name: CASE,
      function: 'customer_service',
      currency: 'EUR',
      horizonYears: 3,
      discountRatePct: 10,
      inHouse: { roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000 }] },
      options: [
        {
          name: 'Kraków',
          deliveryModel: 'nearshore',
          currency: 'EUR',
          pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
          transitionCost: 5_000_000,
        },
      ],
      seed: 7,
    });
    seeded.caseId = c.id;
    const template = await ok('POST', `${V1}/questionnaire-templates`, {
      name: TEMPLATE,
      sections: [{ id: 's', title: 'Sekcja', questions: [{ id: 'q1', text: 'Czy?', type: 'yes_no' }] }],
    });
    seeded.templateId = template.id;
    const boundary = `----outpost${randomBytes(8).toString('hex')}`;
    const raw = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${UPLOAD}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const file = await t.call('POST', `${V1}/files`, {
      as: owner,
      raw,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(file.status, file.text).toBe(201);
    expect(file.body.name).toBe(UPLOAD);
    seeded.fileId = file.body.id;
    seeded.calendar = (await ok('POST', `${V1}/calendar/token`, {})).url;
  });
  afterAll(() => t?.close());

  const downloads = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          Object.entries(op.responses ?? {}).some(
            ([status, r]) =>
              status.startsWith('2') &&
              (Object.keys(r.content ?? {}).some((type) => FILE_TYPES.includes(type)) ||
                'Content-Disposition' in (r.headers ?? {})),
          ),
        )
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('finds every download in the OpenAPI document; each declares Content-Disposition and has a probe', () => {
    const found = downloads();
    expect(found.map((d) => d.key).sort()).toEqual(Object.keys(PROBES).sort());
    for (const { key, op } of found)
      expect(op.responses?.['200']?.headers, key).toHaveProperty('Content-Disposition');
  });

  it('names every file by RFC 6266: an ASCII filename and the exact UTF-8 name in filename*', async () => {
    for (const { key, op } of downloads()) {
      const formats = op.parameters?.find((p) => p.in === 'query' && p.name === 'format')?.schema?.enum ?? [
        undefined,
      ];
      for (const format of formats)
        for (const { url, name } of PROBES[key]!(seeded, format)) {
          const full = format ? `${url}${url.includes('?') ? '&' : '?'}format=${format}` : url;
          const res = await t.app.inject({
            method: 'GET',
            url: full,
            headers: full.startsWith(`${V1}/calendar/`) ? {} : { cookie: owner.cookie! },
          });
          expect(res.statusCode, `${full}: ${res.body.slice(0, 300)}`).toBe(200);
          const header = String(res.headers['content-disposition'] ?? '');
          const m = HEADER.exec(header);
          expect(m, `${full}: ${header}`).not.toBeNull();
          const [, fallback, ext] = m!;
          const decoded = decodeExtValue(ext!);
          if (typeof name === 'string') expect(decoded, full).toBe(name);
          else expect(decoded, full).toMatch(name);
          // The stand-in keeps the extension and says something in ASCII.
          expect(fallback!.endsWith(decoded.slice(decoded.lastIndexOf('.'))), `${full}: ${fallback}`).toBe(
            true,
          );
          expect(fallback, full).toMatch(/[A-Za-z0-9]/);
          // A maintained parser reads the same name.
          // (content-disposition 2.x answers the decoded `filename*` as `filename`, and keeps the raw value too.)
          const parsed = parse(header);
          expect(parsed.type).toBe('attachment');
          expect(parsed.parameters.filename, full).toBe(decoded);
        }
    }
  });
});
