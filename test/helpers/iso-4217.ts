import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * ISO 4217 list one as ISO publishes it (the XML file the `currency-codes` package ships beside
 * its JavaScript table), read here with plain string matching: the tests' own source of the
 * exponents, independent of the table src/contracts/money.ts uses.
 */
const xml = readFileSync(
  createRequire(import.meta.url).resolve('currency-codes/iso-4217-list-one.xml'),
  'utf8',
);

/** The date ISO published this list. */
export const ISO_PUBLISHED = /<ISO_4217 Pblshd="([^"]+)"/.exec(xml)?.[1];

/** The code → exponent of every entry with a numeric minor unit. */
export const ISO_EXPONENTS = new Map<string, number>();
/** Codes whose minor unit is "N.A." (gold, SDR, test code…). */
export const ISO_NO_MINOR_UNIT = new Set<string>();
for (const entry of xml.match(/<CcyNtry>[\s\S]*?<\/CcyNtry>/g) ?? []) {
  const code = /<Ccy>([A-Z]{3})<\/Ccy>/.exec(entry)?.[1];
  const unit = /<CcyMnrUnts>([^<]*)<\/CcyMnrUnts>/.exec(entry)?.[1];
  if (!code || unit === undefined) continue;
  if (/^\d+$/.test(unit)) ISO_EXPONENTS.set(code, Number(unit));
  else ISO_NO_MINOR_UNIT.add(code);
}

/** Minor units → major units by the ISO exponent, in plain arithmetic (XCG, newer than this list: 2). */
export const isoMajor = (minor: number, code: string) =>
  minor / 10 ** (ISO_EXPONENTS.get(code) ?? (code === 'XCG' ? 2 : Number.NaN));
