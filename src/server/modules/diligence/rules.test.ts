import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DILIGENCE_SETTINGS } from '../../../contracts/diligence';
import { certificationStatus, dueReminder, evaluateChecklist, summariseReferences } from './rules';

describe('certification status', () => {
  it('is expiring from the window’s last day through the expiry day, expired the day after', () => {
    expect(certificationStatus('2027-04-11', '2027-01-10', 90)).toEqual({
      status: 'valid',
      daysToExpiry: 91,
    });
    expect(certificationStatus('2027-04-11', '2027-01-11', 90)).toEqual({
      status: 'expiring',
      daysToExpiry: 90,
    });
    expect(certificationStatus('2027-04-11', '2027-04-11', 90)).toEqual({
      status: 'expiring',
      daysToExpiry: 0,
    });
    expect(certificationStatus('2027-04-11', '2027-04-12', 90)).toEqual({
      status: 'expired',
      daysToExpiry: -1,
    });
  });

  it('counts calendar days across a daylight-saving change', () => {
    // Europe/Berlin moves to summer time on 2027-03-28; a day is still a day.
    expect(certificationStatus('2027-03-29', '2027-03-27', 90).daysToExpiry).toBe(2);
  });
});

describe('reminders', () => {
  it('names the most urgent threshold reached', () => {
    expect([120, 91, 90, 31, 30, 8, 7, 1, 0, -1, -30, -31].map(dueReminder)).toEqual([
      null,
      null,
      90,
      90,
      30,
      30,
      7,
      7,
      0,
      0,
      0,
      null,
    ]);
  });

  it('never goes back to a less urgent threshold as expiry nears (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 90 }), (d) => {
        const due = dueReminder(d)!;
        return due >= Math.max(d, 0) && (dueReminder(d - 1) ?? 0) <= due;
      }),
    );
  });
});

describe('checklist', () => {
  const critical = DEFAULT_DILIGENCE_SETTINGS.requirements.critical;
  it('wants a current security certificate and two positive references for a critical vendor', () => {
    const r = evaluateChecklist(critical, {
      certifications: [{ standard: 'iso27001', status: 'expired', verified: true }],
      references: [{ verdict: 'positive' }, { verdict: 'negative' }],
      contacts: 0,
      assessments: [],
      dpas: [],
    });
    expect(r.complete).toBe(false);
    expect(r.items.map((i) => i.detail)).toEqual([
      'The ISO/IEC 27001 or SOC 2 Type II certificate has expired; a current one is needed',
      '1 more positive reference needed (1 of 2)',
    ]);
  });

  it('counts an expiring certificate as valid, and asks for verification when told', () => {
    const facts = {
      certifications: [{ standard: 'soc2_type2' as const, status: 'expiring' as const, verified: false }],
      references: [],
      contacts: 1,
      assessments: [],
      dpas: [],
    };
    expect(evaluateChecklist([{ kind: 'certification', anyOf: ['soc2_type2'] }], facts).complete).toBe(true);
    const strict = evaluateChecklist(
      [{ kind: 'certification', anyOf: ['soc2_type2'], verified: true }],
      facts,
    );
    expect(strict.items[0]!.detail).toBe('The SOC 2 Type II certificate is not verified yet');
    expect(evaluateChecklist([{ kind: 'contacts', min: 2 }], facts).items[0]!.detail).toBe(
      '1 more contact needed (1 of 2)',
    );
    expect(evaluateChecklist([], facts)).toEqual({ complete: true, items: [] });
  });

  it('asks for a current data processing agreement', () => {
    const base = { certifications: [], references: [], contacts: 0, assessments: [] };
    const item = (dpas: Array<{ status: 'pending' | 'current' | 'expired' }>) =>
      evaluateChecklist([{ kind: 'dpa' }], { ...base, dpas }).items[0]!;
    expect(item([])).toMatchObject({ met: false, detail: 'No data processing agreement on file' });
    expect(item([{ status: 'expired' }]).detail).toBe('The DPA on file has expired');
    expect(item([{ status: 'pending' }]).detail).toBe('The DPA on file is not in force yet');
    expect(item([{ status: 'expired' }, { status: 'current' }])).toMatchObject({
      met: true,
      label: 'A current data processing agreement',
    });
  });

  it('asks for a completed questionnaire scored high enough without flags', () => {
    const base = { certifications: [], references: [], contacts: 0, dpas: [] };
    const need = [{ kind: 'questionnaire' as const, minScore: 70, noOpenFlags: true }];
    const detail = (assessments: Array<{ score: number | null; openFlags: number }>) =>
      evaluateChecklist(need, { ...base, assessments }).items[0]!;
    expect(detail([]).detail).toBe('No completed questionnaire assessment');
    expect(detail([{ score: 65, openFlags: 2 }]).detail).toBe(
      'The latest completed assessment scored 65 and 2 flags raised',
    );
    expect(detail([{ score: 90, openFlags: 1 }]).met).toBe(false);
    expect(
      detail([
        { score: 90, openFlags: 1 },
        { score: 75, openFlags: 0 },
      ]),
    ).toMatchObject({ met: true, detail: 'Scored 75, no flags' });
    expect(
      evaluateChecklist([{ ...need[0]!, noOpenFlags: false }], {
        ...base,
        assessments: [{ score: 90, openFlags: 1 }],
      }).complete,
    ).toBe(true);
    expect(detail([]).label).toBe(
      'A completed security questionnaire scored 70 or more with no flags raised',
    );
  });

  it('summarises references by verdict with the mean of the ratings given', () => {
    expect(
      summariseReferences([
        { verdict: 'positive', ratings: [5, 4, null] },
        { verdict: 'neutral', ratings: [3] },
      ]),
    ).toEqual({ count: 2, byVerdict: { positive: 1, neutral: 1, negative: 0 }, averageRating: 4 });
  });
});
