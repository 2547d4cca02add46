/** Words written in capitals wherever they stand: `it` → "IT", not "It". */
const ACRONYMS = new Set([
  'it',
  'hr',
  'qa',
  'kpi',
  'sla',
  'sow',
  'api',
  'sso',
  'mfa',
  'crm',
  'erp',
  'bpo',
  'gdpr',
  'iso',
  'soc',
  'dpa',
  'nda',
  'rfp',
  'rfi',
  'csv',
  'pdf',
  'ui',
  'ux',
  'id',
]);

/**
 * `customer_service` → "Customer service", `it_support` → "IT support", `ownerId` → "Owner id":
 * an enum value, a tag or a field name as a label.
 */
export function humanise(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return lower.toUpperCase();
      // Plurals of acronyms: `kpis` → "KPIs".
      if (lower.endsWith('s') && ACRONYMS.has(lower.slice(0, -1)))
        return `${lower.slice(0, -1).toUpperCase()}s`;
      return lower;
    });
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Enum values as the options of a select, each labelled by `humanise`. */
export function humanOptions(values: readonly string[]): Array<{ value: string; label: string }> {
  return values.map((value) => ({ value, label: humanise(value) }));
}

/**
 * A link the API answered, as people can copy it: the API gives an absolute address only when the
 * server knows its public address (OUTPOST_PUBLIC_URL), else a path, which is completed here with the
 * address bar's origin, the one thing the browser knows for sure.
 */
export const absoluteLink = (urlOrPath: string) => new URL(urlOrPath, window.location.origin).href;
