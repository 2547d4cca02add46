/**
 * Every PDF in the OpenAPI document (each operation whose 2xx answer is `application/pdf`) made
 * for records named in Polish, Vietnamese, Russian, Greek, Chinese, Japanese and Korean, and read
 * back with pdf.js, a reader we did not write: each name must come back whole. A name whose
 * glyphs are missing from the embedded fonts comes back as U+0000 (nothing drawn), as Japanese did
 * when only Roboto was embedded. A new PDF fails here until it has a probe below.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { extractPdfText } from '../helpers/pdf-text';

const V1 = '/api/v1';
const NAMES = {
  pl: 'Zażółć gęślą jaźń Łódź',
  vi: 'Công ty Tiếng Việt Đà Nẵng',
  ru: 'ООО Рога и Копыта',
  el: 'Ελληνική Εταιρεία',
  zh: '深圳市客服有限公司',
  ja: '株式会社テスト',
  ko: '주식회사 고객센터',
};
type Lang = keyof typeof NAMES;
const ORGANISATION = 'Northwind Łódź 北風 ノースウィンド 노스윈드';
const LANGS = Object.keys(NAMES) as Lang[];
/** Right-to-left: not drawn (docs/govern.md#pdf-scripts says so, and this pins it). */
const ARABIC = 'شركة الكويت';

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: { enum?: string[] } }>;
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

interface Seeded {
  vendors: Record<Lang, string>;
  engagements: Record<Lang, string>;
  caseId: string;
  arabic: string;
}
/** Per PDF: the URLs (without `format`) and the names each document must show. */
type Probe = (s: Seeded) => Array<{ url: string; shows: string[] }>;
const PROBES: Record<string, Probe> = {
  'GET /api/v1/engagements/{id}/sow/export': (s) =>
    LANGS.map((l) => ({ url: `${V1}/engagements/${s.engagements[l]}/sow/export`, shows: [NAMES[l]] })),
  'GET /api/v1/business-cases/{id}/export': (s) => [
    { url: `${V1}/business-cases/${s.caseId}/export`, shows: Object.values(NAMES) },
  ],
  'GET /api/v1/reports/qbr': (s) =>
    LANGS.map((l) => ({
      url: `${V1}/reports/qbr?vendorId=${s.vendors[l]}&quarter=2027-Q1`,
      shows: [NAMES[l]],
    })),
  // The summary counts vendors; the organisation's name, in four scripts, is on its first line.
  'GET /api/v1/reports/portfolio': () => [{ url: `${V1}/reports/portfolio`, shows: [ORGANISATION] }],
};

/** pdf.js puts a space between pieces in different fonts; compare without any whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe.each(dialects)('PDFs in every script on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let doc: Doc;
  const seeded = { vendors: {}, engagements: {}, caseId: '', arabic: '' } as Seeded;

  const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
    const res = await t.call(method, url, { as: owner, body });
    expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    doc = (await t.call('GET', `${V1}/openapi.json`)).body;
    const org = await t.call('GET', `${V1}/settings/organisation`, { as: owner });
    await ok('PUT', `${V1}/settings/organisation`, { ...org.body, name: ORGANISATION });
    for (const l of LANGS) {
      const v = await t.vendor({ name: NAMES[l], legalName: NAMES[l] });
      seeded.vendors[l] = v.id;
      const e = await ok('POST', `${V1}/engagements`, {
        vendorId: v.id,
        title: NAMES[l],
        function: 'customer_service',
        startDate: '2027-01-01',
        budget: 100_000,
      });
      await ok('PUT', `${V1}/engagements/${e.id}/sow`, GOOD_SOW);
      seeded.engagements[l] = e.id;
    }
    const c = await ok('POST', `${V1}/business-cases`, {
      name: NAMES.ja,
      function: 'customer_service',
      currency: 'EUR',
      horizonYears: 3,
      discountRatePct: 10,
      inHouse: { roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000 }] },
      options: LANGS.map((l) => ({
        name: NAMES[l],
        deliveryModel: 'offshore',
        currency: 'EUR',
        pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
        transitionCost: 5_000_000,
      })),
      seed: 7,
    });
    seeded.caseId = c.id;
    seeded.arabic = (await t.vendor({ name: ARABIC })).id;
  });
  afterAll(() => t?.close());

  const pdfOperations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          Object.entries(op.responses ?? {}).some(
            ([status, r]) => status.startsWith('2') && 'application/pdf' in (r.content ?? {}),
          ),
        )
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('finds every PDF in the OpenAPI document, and each has a probe', () => {
    expect(
      pdfOperations()
        .map((o) => o.key)
        .sort(),
    ).toEqual(Object.keys(PROBES).sort());
  });

  it('draws every name in its own script, read back by pdf.js', async () => {
    for (const { key, op } of pdfOperations()) {
      const format = op.parameters?.find((p) => p.in === 'query' && p.name === 'format');
      for (const { url, shows } of PROBES[key]!(seeded)) {
        const full = format ? `${url}${url.includes('?') ? '&' : '?'}format=pdf` : url;
        const res = await t.app.inject({ method: 'GET', url: full, headers: { cookie: owner.cookie! } });
        if (process.env.OUTPOST_PDF_OUT)
          writeFileSync(
            `${process.env.OUTPOST_PDF_OUT}/${key.replace(/\W+/g, '-')}-${shows[0]}.pdf`,
            res.rawPayload,
          );
        expect(res.statusCode, `${full}: ${res.body.slice(0, 300)}`).toBe(200);
        expect(res.headers['content-type'], full).toBe('application/pdf');
        const text = await extractPdfText(res.rawPayload);
        expect.soft(text, `${full}: a glyph no embedded font has`).not.toContain('\u0000');
        for (const name of shows)
          expect.soft(squash(text).includes(squash(name)), `${key} shows ${name}`).toBe(true);
      }
    }
  });

  it('draws Arabic as empty boxes, as the docs say: pdf.js reads U+0000 where the letters are', async () => {
    const url = `${V1}/reports/qbr?vendorId=${seeded.arabic}&quarter=2027-Q1`;
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: owner.cookie! } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const text = await extractPdfText(res.rawPayload);
    expect(text).toContain('Quarterly business review');
    expect(text).not.toContain('شركة');
    expect(text).toContain('\u0000');
  });
});
