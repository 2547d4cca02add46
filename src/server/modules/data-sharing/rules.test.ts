import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_SHARING_SETTINGS } from '../../../contracts/data-sharing';
import {
  agreementStatus,
  areaOf,
  crossBorderCountries,
  dpaFlag,
  dueAgreementReminder,
  EEA_COUNTRIES,
  type FlagInput,
  flagsOf,
  highestClassification,
  tierFor,
} from './rules';

const entry = (over: Partial<FlagInput> = {}): FlagInput => ({
  classification: 'confidential',
  processingCountries: ['DE'],
  storageCountries: ['DE'],
  subProcessors: [],
  transferMechanism: 'none',
  encryptionAtRest: false,
  encryptionInTransit: false,
  ...over,
});
const codes = (home: string, e: FlagInput) => flagsOf(home, e).map((f) => f.code);

describe('cross-border flags', () => {
  it('counts the EEA as one area: 30 countries, EU plus IS, LI, NO', () => {
    expect(EEA_COUNTRIES).toHaveLength(30);
    expect(new Set(EEA_COUNTRIES).size).toBe(30);
    for (const c of ['IS', 'LI', 'NO', 'DE', 'IE']) expect(areaOf(c)).toBe('EEA');
    for (const c of ['CH', 'GB', 'IN', 'US']) expect(areaOf(c)).toBe(c);
  });

  it('does not flag EEA to EEA, flags DE to IN without a mechanism, not with one', () => {
    expect(codes('DE', entry({ processingCountries: ['FR', 'PL'], storageCountries: ['NO'] }))).toEqual([]);
    expect(codes('DE', entry({ processingCountries: ['IN'] }))).toEqual(['cross_border_without_mechanism']);
    expect(flagsOf('DE', entry({ processingCountries: ['IN'] }))[0]!.countries).toEqual(['IN']);
    for (const m of ['adequacy', 'scc', 'bcr'] as const)
      expect(codes('DE', entry({ processingCountries: ['IN'], transferMechanism: m }))).toEqual([]);
  });

  it('treats a non-EEA home country on its own, and counts storage and sub-processor countries', () => {
    expect(codes('US', entry({ processingCountries: ['US'], storageCountries: ['US'] }))).toEqual([]);
    expect(
      crossBorderCountries('US', entry({ processingCountries: ['US'], storageCountries: ['IE', 'DE'] })),
    ).toEqual(['IE', 'DE']);
    expect(
      crossBorderCountries(
        'DE',
        entry({ subProcessors: [{ country: 'US' }, { country: 'US' }, { country: 'AT' }] }),
      ),
    ).toEqual(['US']);
  });

  it('flags restricted data unless the vendor commits to encryption at rest and in transit', () => {
    expect(codes('DE', entry({ classification: 'restricted' }))).toEqual(['restricted_without_encryption']);
    expect(codes('DE', entry({ classification: 'restricted', encryptionAtRest: true }))).toEqual([
      'restricted_without_encryption',
    ]);
    expect(
      codes('DE', entry({ classification: 'restricted', encryptionAtRest: true, encryptionInTransit: true })),
    ).toEqual([]);
    expect(codes('DE', entry({ classification: 'confidential' }))).toEqual([]);
  });
});

describe('tier', () => {
  it('takes the highest classification', () => {
    expect(highestClassification([])).toBe('none');
    expect(highestClassification(['internal', 'restricted', 'public'])).toBe('restricted');
    expect(highestClassification(['public', 'confidential'])).toBe('confidential');
  });

  it('reads the default matrix and intervals', () => {
    const s = DEFAULT_DATA_SHARING_SETTINGS;
    expect(tierFor(s, 'restricted', 'critical')).toMatchObject({ tier: 1, reassessmentMonths: 12 });
    expect(tierFor(s, 'restricted', 'low')).toMatchObject({ tier: 2, reassessmentMonths: 12 });
    expect(tierFor(s, 'internal', 'medium')).toMatchObject({ tier: 3, reassessmentMonths: 24 });
    expect(tierFor(s, 'public', 'low')).toMatchObject({ tier: 4, reassessmentMonths: 36 });
    expect(tierFor(s, 'none', 'low').reason).toBe('Tier 4: no data in the register × low criticality');
  });

  it('never lowers scrutiny as data gets more sensitive or the vendor more critical (default matrix)', () => {
    const rows = ['none', 'public', 'internal', 'confidential', 'restricted'] as const;
    const cols = ['low', 'medium', 'high', 'critical'] as const;
    const m = DEFAULT_DATA_SHARING_SETTINGS.matrix;
    for (let r = 1; r < rows.length; r++)
      for (const c of cols) expect(m[rows[r]!][c]).toBeLessThanOrEqual(m[rows[r - 1]!][c]);
    for (const r of rows)
      for (let c = 1; c < cols.length; c++) expect(m[r][cols[c]!]).toBeLessThanOrEqual(m[r][cols[c - 1]!]);
  });
});

describe('agreements', () => {
  it('is current from signing through expiry', () => {
    expect(agreementStatus({ signedOn: '2027-01-01', expiresOn: null }, '2026-12-31')).toBe('pending');
    expect(agreementStatus({ signedOn: '2027-01-01', expiresOn: '2027-06-30' }, '2027-06-30')).toBe(
      'current',
    );
    expect(agreementStatus({ signedOn: '2027-01-01', expiresOn: '2027-06-30' }, '2027-07-01')).toBe(
      'expired',
    );
  });

  it('flags personal data without a current DPA', () => {
    expect(dpaFlag(0, [])).toBeNull();
    expect(dpaFlag(2, [{ type: 'nda', status: 'current' }])?.code).toBe('dpa_missing');
    expect(dpaFlag(1, [{ type: 'dpa', status: 'expired' }])?.code).toBe('dpa_missing');
    expect(dpaFlag(1, [{ type: 'dpa', status: 'current' }])).toBeNull();
  });

  it('reminds 30, 7 and 0 days before, the most urgent threshold reached', () => {
    expect(dueAgreementReminder(31)).toBeNull();
    expect(dueAgreementReminder(30)).toBe(30);
    expect(dueAgreementReminder(8)).toBe(30);
    expect(dueAgreementReminder(7)).toBe(7);
    expect(dueAgreementReminder(1)).toBe(7);
    expect(dueAgreementReminder(0)).toBe(0);
    expect(dueAgreementReminder(-3)).toBe(0);
    expect(dueAgreementReminder(-8)).toBeNull();
  });
});
