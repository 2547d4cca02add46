/**
 * The report package the EBA's plain-csv format asks for (XBRL Report Package 1.0 around an
 * xBRL-CSV report): one top-level folder named like the package, `META-INF/reportPackage.json`,
 * and under `reports/` the report's JSON, `parameters.csv`, `FilingIndicators.csv` and one CSV per
 * template (`b_01.01.csv` …), each with the template's column codes as its header. Pure.
 */
import { strToU8, zipSync } from 'fflate';
import { csvNumber, csvText } from '../../lib/csv';
import type { RegisterTemplateRows } from './rules';
import { ENTRY_POINT } from './templates';

interface PackageInput {
  name: string;
  lei: string;
  level: string;
  referenceDate: string;
  currency: string;
  templates: RegisterTemplateRows[];
  /** Fixed for reproducible packages (the zip's file times). */
  createdAt: Date;
}

/** CSV without a byte order mark; numbers as numbers (the writer neutralises text that starts like a formula, not `-3`). */
const csv = (rows: string[][]) =>
  csvText(
    rows.map((r) => r.map(csvNumber)),
    { bom: false },
  );

/** The package's files, path → text. */
function packageFiles(p: PackageInput): Record<string, string> {
  const files: Record<string, string> = {
    'META-INF/reportPackage.json': `${JSON.stringify({ documentInfo: { documentType: 'https://xbrl.org/report-package/2023' } }, null, 2)}\n`,
    'reports/report.json': `${JSON.stringify({ documentInfo: { documentType: 'https://xbrl.org/2021/xbrl-csv', extends: [ENTRY_POINT] } }, null, 2)}\n`,
    'reports/parameters.csv': csv([
      ['name', 'value'],
      ['entityID', `rs:${p.lei}.${p.level}`],
      ['refPeriod', p.referenceDate],
      ['baseCurrency', `iso4217:${p.currency}`],
      ['decimalsInteger', '0'],
      ['decimalsMonetary', '-3'],
    ]),
    'reports/FilingIndicators.csv': csv([
      ['templateID', 'reported'],
      ...p.templates.map((t) => [t.code, t.rows.length ? 'true' : 'false']),
    ]),
  };
  for (const t of p.templates)
    files[`reports/${t.code.toLowerCase()}.csv`] = csv([t.columns.map((c) => c.code), ...t.rows]);
  return files;
}

/** The ZIP: every file under the one top-level folder named like the package. */
export function zipPackage(p: PackageInput): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [path, text] of Object.entries(packageFiles(p)))
    entries[`${p.name}/${path}`] = [strToU8(text), { mtime: p.createdAt }];
  return zipSync(entries, { level: 6 });
}
