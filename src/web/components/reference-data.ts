/** Select options for countries, time zones and currencies, named by the browser's Intl data. */
import { COUNTRY_CODES } from '../../contracts/countries';

export interface Option {
  value: string;
  label: string;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Philippines" for PH; the code itself when the browser has no name. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

let countries: Option[] | undefined;
export function countryOptions(): Option[] {
  countries ??= COUNTRY_CODES.map((code) => ({ value: code, label: `${countryName(code)} (${code})` })).sort(
    (a, b) => a.label.localeCompare(b.label),
  );
  return countries;
}

let zones: string[] | undefined;
export function timeZoneOptions(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

/** "12 Mar 2026, 14:05" in the viewer's time zone. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** "12 Mar 2026". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });
}

let languages: Intl.DisplayNames | undefined;
/** A BCP 47 language tag by its English name: `fil` → "Filipino", `pt-BR` → "Brazilian Portuguese". */
export function languageName(tag: string): string {
  languages ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
  try {
    return languages.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
