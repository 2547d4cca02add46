/**
 * Pure rules of the data-sharing register: the flags of an entry, a vendor's highest
 * classification, its risk tier, the agreement status and its reminder schedule. No I/O.
 */
import {
  type AgreementType,
  type Classification,
  type DataCategory,
  type DataSharingSettings,
  type Flag,
  type HighestLevel,
  PERSONAL_CATEGORIES,
  type Tier,
  type TransferMechanism,
} from '../../../contracts/data-sharing';
import type { Criticality } from '../../../contracts/vendors';

/**
 * The European Economic Area: the 27 EU member states plus Iceland, Liechtenstein and Norway.
 * Data moves freely inside it, so it counts as one area for cross-border transfers.
 */
export const EEA_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
];
const EEA = new Set(EEA_COUNTRIES);

/** The transfer area of a country: the EEA as one, every other country on its own. */
export const areaOf = (country: string) => (EEA.has(country) ? 'EEA' : country);

/** The countries (in first-seen order) where the entry's data goes outside the organisation's area. */
export function crossBorderCountries(
  homeCountry: string,
  entry: {
    processingCountries: string[];
    storageCountries: string[];
    subProcessors: Array<{ country: string }>;
  },
): string[] {
  const home = areaOf(homeCountry);
  const all = [
    ...entry.processingCountries,
    ...entry.storageCountries,
    ...entry.subProcessors.map((s) => s.country),
  ];
  return [...new Set(all.filter((c) => areaOf(c) !== home))];
}

export interface FlagInput {
  classification: Classification;
  processingCountries: string[];
  storageCountries: string[];
  subProcessors: Array<{ country: string }>;
  transferMechanism: TransferMechanism;
  encryptionAtRest: boolean;
  encryptionInTransit: boolean;
}

/** The flags of one register entry, given the organisation's country. */
export function flagsOf(homeCountry: string, entry: FlagInput): Flag[] {
  const flags: Flag[] = [];
  const abroad = crossBorderCountries(homeCountry, entry);
  if (abroad.length > 0 && entry.transferMechanism === 'none')
    flags.push({
      code: 'cross_border_without_mechanism',
      message: `Data goes to ${abroad.join(', ')}, outside ${areaOf(homeCountry) === 'EEA' ? 'the EEA' : homeCountry}, with no transfer mechanism`,
      countries: abroad,
    });
  if (entry.classification === 'restricted' && !(entry.encryptionAtRest && entry.encryptionInTransit)) {
    const missing = [
      ...(entry.encryptionAtRest ? [] : ['at rest']),
      ...(entry.encryptionInTransit ? [] : ['in transit']),
    ];
    flags.push({
      code: 'restricted_without_encryption',
      message: `Restricted data without the vendor's commitment to encrypt it ${missing.join(' and ')}`,
    });
  }
  return flags;
}

const RANK: Record<HighestLevel, number> = {
  none: 0,
  public: 1,
  internal: 2,
  confidential: 3,
  restricted: 4,
};

/** The highest classification among a vendor's entries, `none` for an empty register. */
export function highestClassification(classes: Classification[]): HighestLevel {
  let best: HighestLevel = 'none';
  for (const c of classes) if (RANK[c] > RANK[best]) best = c;
  return best;
}

/** The tier from the matrix, the interval it sets, and why, in words. */
export function tierFor(
  settings: DataSharingSettings,
  highest: HighestLevel,
  criticality: Criticality,
): { tier: Tier; reassessmentMonths: number; reason: string } {
  const tier = settings.matrix[highest][criticality];
  const data = highest === 'none' ? 'no data in the register' : `${highest} data`;
  return {
    tier,
    reassessmentMonths: settings.reassessmentMonths[tier],
    reason: `Tier ${tier}: ${data} × ${criticality} criticality`,
  };
}

/** Whether a register entry holds personal data (a DPA is then expected). */
export const holdsPersonalData = (categories: DataCategory[]) =>
  categories.some((c) => PERSONAL_CATEGORIES.includes(c));

type AgreementStatus = 'pending' | 'current' | 'expired';
/** Current from the signing date through the expiry date (inclusive); an agreement without expiry stays current. */
export function agreementStatus(
  a: { signedOn: string; expiresOn: string | null },
  today: string,
): AgreementStatus {
  if (a.signedOn > today) return 'pending';
  if (a.expiresOn && a.expiresOn < today) return 'expired';
  return 'current';
}

/** The vendor-level flag: personal data in the register and no current DPA. */
export function dpaFlag(
  personalEntries: number,
  agreements: Array<{ type: AgreementType; status: AgreementStatus }>,
): Flag | null {
  if (personalEntries === 0) return null;
  if (agreements.some((a) => a.type === 'dpa' && a.status === 'current')) return null;
  return {
    code: 'dpa_missing',
    message: `Personal data in ${personalEntries} register ${personalEntries === 1 ? 'entry' : 'entries'} and no current data processing agreement`,
  };
}

/** Reminders go out this many days before a review or expiry date, and on the day. */
export const AGREEMENT_REMINDER_DAYS = [30, 7, 0] as const;
/** A date passed while the scheduler was down still gets its day-0 reminder this many days late. */
export const AGREEMENT_CATCH_UP_DAYS = 7;

/** The most urgent threshold reached `daysLeft` days before a date, or null when none is due. */
export function dueAgreementReminder(daysLeft: number): number | null {
  if (daysLeft > AGREEMENT_REMINDER_DAYS[0] || daysLeft < -AGREEMENT_CATCH_UP_DAYS) return null;
  const left = Math.max(daysLeft, 0);
  let due: number = AGREEMENT_REMINDER_DAYS[0];
  for (const t of AGREEMENT_REMINDER_DAYS) if (t >= left) due = t;
  return due;
}

/** Once per agreement, kind of date, date and threshold: moving the date starts over. */
export const agreementReminderKey = (
  id: string,
  kind: 'review' | 'expiry',
  date: string,
  threshold: number,
) => `agreement-${kind}:${id}:${date}:${threshold}`;
