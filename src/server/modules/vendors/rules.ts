import type { VendorStatus } from '../../../contracts/vendors';

/**
 * The vendor life cycle. A prospect is reviewed, approved, made active; an active vendor may be
 * suspended and reinstated; any vendor may be offboarded, and an offboarded one may return as a
 * prospect (a new review starts).
 */
export const TRANSITIONS: Record<VendorStatus, readonly VendorStatus[]> = {
  prospect: ['under_review', 'offboarded'],
  under_review: ['approved', 'prospect', 'offboarded'],
  approved: ['active', 'suspended', 'offboarded'],
  active: ['suspended', 'offboarded'],
  suspended: ['active', 'offboarded'],
  offboarded: ['prospect'],
};

export const allowedTransitions = (from: VendorStatus): readonly VendorStatus[] => TRANSITIONS[from];

export const canTransition = (from: VendorStatus, to: VendorStatus): boolean =>
  from === to || TRANSITIONS[from].includes(to);

/** The main business time zone of countries that span several, or whose CLDR name is a legacy alias. */
const MAIN_ZONE: Record<string, string> = {
  AR: 'America/Argentina/Buenos_Aires',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  CD: 'Africa/Kinshasa',
  CL: 'America/Santiago',
  CN: 'Asia/Shanghai',
  DE: 'Europe/Berlin',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  GL: 'America/Nuuk',
  ID: 'Asia/Jakarta',
  IN: 'Asia/Kolkata',
  KZ: 'Asia/Almaty',
  MN: 'Asia/Ulaanbaatar',
  MX: 'America/Mexico_City',
  MY: 'Asia/Kuala_Lumpur',
  NP: 'Asia/Kathmandu',
  NZ: 'Pacific/Auckland',
  PT: 'Europe/Lisbon',
  RU: 'Europe/Moscow',
  UA: 'Europe/Kyiv',
  US: 'America/New_York',
  UZ: 'Asia/Tashkent',
  VN: 'Asia/Ho_Chi_Minh',
};

/** A sensible default time zone for a country; the user can always choose another. */
export function defaultTimeZone(country: string): string {
  if (MAIN_ZONE[country]) return MAIN_ZONE[country];
  try {
    const zones = (new Intl.Locale(`und-${country}`) as unknown as { timeZones?: string[] }).timeZones;
    if (zones?.[0]) return zones[0];
  } catch {
    // fall through
  }
  return 'UTC';
}

export const splitList = (v: string | undefined): string[] =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
