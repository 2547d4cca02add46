import { describe, expect, it } from 'vitest';
import { type AssuranceSettings, DEFAULT_ASSURANCE_SETTINGS } from '../../../contracts/assurance';
import {
  acceptanceExpired,
  addMonths,
  assessmentOverdue,
  assessmentTypesFor,
  campaignComplete,
  canMove,
  findingDueOn,
  findingOverdue,
  grantExpired,
  laterOf,
  nextAssessmentDue,
  reviewDue,
  reviewIntervalFor,
  reviewOverdue,
  tierBasis,
  UNKNOWN_TIER_MONTHS,
} from './rules';

const settings: AssuranceSettings = {
  findingDeadlineDays: { critical: 7, high: 30, medium: 45, low: 100 },
  reviewIntervalDays: { '1': 30, '2': 60, '3': 120, '4': 365, unknown: 90 },
  reviewDueDays: 10,
  assessmentTypes: {
    '1': ['onsite_audit'],
    '2': ['pentest_review'],
    '3': ['document_review'],
    '4': ['questionnaire'],
    unknown: ['certification_check'],
  },
};

describe('dates', () => {
  it('adds calendar months, the 31st becoming the shorter month’s last day', () => {
    expect(addMonths('2027-01-15', 1)).toBe('2027-02-15');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-03-31', 6)).toBe('2027-09-30');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2027-05-10', 12)).toBe('2028-05-10');
    expect(addMonths('2027-05-10', -6)).toBe('2026-11-10');
  });

  it('picks the later of two dates', () => {
    expect(laterOf('2027-03-01', '2027-02-28')).toBe('2027-03-01');
    expect(laterOf('2026-12-31', '2027-01-01')).toBe('2027-01-01');
    expect(laterOf('2027-05-05', '2027-05-05')).toBe('2027-05-05');
  });
});

describe('findings', () => {
  it('are due the severity’s number of days after they are raised', () => {
    // Hand-counted: 7 days after 28 Feb 2027 is 7 March; 30 days after 15 Jan is 14 Feb.
    expect(findingDueOn('2027-02-28', 'critical', settings)).toBe('2027-03-07');
    expect(findingDueOn('2027-01-15', 'high', settings)).toBe('2027-02-14');
    // 45 days after 20 December 2027: 11 left in December, 31 in January, 3 into February.
    expect(findingDueOn('2027-12-20', 'medium', settings)).toBe('2028-02-03');
    // 100 days after 1 January 2028 (a leap year): 31 + 29 + 31 = 91 → 10 April.
    expect(findingDueOn('2028-01-01', 'low', settings)).toBe('2028-04-10');
    // The defaults: critical 30 days.
    expect(findingDueOn('2027-06-01', 'critical', DEFAULT_ASSURANCE_SETTINGS)).toBe('2027-07-01');
  });

  it('are overdue from the day after their due date while unresolved', () => {
    const f = (status: string) => ({ status, dueOn: '2027-04-10' });
    expect(findingOverdue(f('open'), '2027-04-10')).toBe(false);
    expect(findingOverdue(f('open'), '2027-04-11')).toBe(true);
    expect(findingOverdue(f('in_progress'), '2027-04-11')).toBe(true);
    expect(findingOverdue(f('resolved'), '2027-05-01')).toBe(false);
    expect(findingOverdue(f('risk_accepted'), '2027-05-01')).toBe(false);
  });

  it('move open → in progress → resolved or accepted, and back to open', () => {
    expect(canMove('open', 'in_progress')).toBe(true);
    expect(canMove('open', 'resolved')).toBe(true);
    expect(canMove('open', 'risk_accepted')).toBe(true);
    expect(canMove('in_progress', 'open')).toBe(true);
    expect(canMove('in_progress', 'resolved')).toBe(true);
    expect(canMove('resolved', 'open')).toBe(true);
    expect(canMove('risk_accepted', 'open')).toBe(true);
    // Closed findings reopen first; nothing moves to where it is.
    expect(canMove('resolved', 'in_progress')).toBe(false);
    expect(canMove('resolved', 'risk_accepted')).toBe(false);
    expect(canMove('risk_accepted', 'resolved')).toBe(false);
    expect(canMove('open', 'open')).toBe(false);
  });

  it('keep an acceptance through its expiry date', () => {
    const f = (status: string, acceptanceExpiresOn: string | null) => ({ status, acceptanceExpiresOn });
    expect(acceptanceExpired(f('risk_accepted', '2027-06-30'), '2027-06-30')).toBe(false);
    expect(acceptanceExpired(f('risk_accepted', '2027-06-30'), '2027-07-01')).toBe(true);
    expect(acceptanceExpired(f('risk_accepted', null), '2099-01-01')).toBe(false);
    expect(acceptanceExpired(f('open', '2027-06-30'), '2027-07-01')).toBe(false);
  });
});

describe('grants, reviews and assessments', () => {
  it('a grant has expired when still open after its expiry date', () => {
    expect(grantExpired({ revokedAt: null, expiresOn: '2027-03-31' }, '2027-03-31')).toBe(false);
    expect(grantExpired({ revokedAt: null, expiresOn: '2027-03-31' }, '2027-04-01')).toBe(true);
    expect(grantExpired({ revokedAt: '2027-03-30T10:00:00Z', expiresOn: '2027-03-31' }, '2027-04-01')).toBe(
      false,
    );
    expect(grantExpired({ revokedAt: null, expiresOn: null }, '2099-01-01')).toBe(false);
  });

  it('an open review or an unfinished assessment is overdue after its due date', () => {
    expect(reviewOverdue({ status: 'open', dueOn: '2027-02-01' }, '2027-02-01')).toBe(false);
    expect(reviewOverdue({ status: 'open', dueOn: '2027-02-01' }, '2027-02-02')).toBe(true);
    expect(reviewOverdue({ status: 'completed', dueOn: '2027-02-01' }, '2027-02-02')).toBe(false);
    expect(assessmentOverdue({ status: 'scheduled', dueOn: '2027-02-01' }, '2027-02-02')).toBe(true);
    expect(assessmentOverdue({ status: 'in_progress', dueOn: '2027-02-01' }, '2027-02-02')).toBe(true);
    expect(assessmentOverdue({ status: 'in_progress', dueOn: '2027-02-01' }, '2027-02-01')).toBe(false);
    expect(assessmentOverdue({ status: 'completed', dueOn: '2027-02-01' }, '2027-03-01')).toBe(false);
  });

  it('a campaign completes when it has items and every one is decided', () => {
    expect(campaignComplete([])).toBe(false);
    expect(campaignComplete([{ decision: 'keep' }, { decision: null }])).toBe(false);
    expect(campaignComplete([{ decision: 'keep' }, { decision: 'revoke' }])).toBe(true);
  });
});

describe('tiers', () => {
  it('take assessment types and review intervals from the settings, unknown tiers from their own row', () => {
    expect(assessmentTypesFor(1, settings)).toEqual(['onsite_audit']);
    expect(assessmentTypesFor(4, settings)).toEqual(['questionnaire']);
    expect(assessmentTypesFor(null, settings)).toEqual(['certification_check']);
    expect(reviewIntervalFor(2, settings)).toBe(60);
    expect(reviewIntervalFor(3, settings)).toBe(120);
    expect(reviewIntervalFor(null, settings)).toBe(90);
  });

  it('explain the reassessment interval', () => {
    expect(tierBasis({ tier: 2, reassessmentMonths: 12 })).toBe('tier 2: every 12 months');
    expect(tierBasis({ tier: null, reassessmentMonths: UNKNOWN_TIER_MONTHS })).toBe(
      'tier unknown: default 12 months',
    );
  });

  it('the next assessment is due the interval after the last one, or now when there was none', () => {
    expect(nextAssessmentDue('2026-08-31', 6, '2027-01-10')).toBe('2027-02-28');
    expect(nextAssessmentDue('2026-01-10', 12, '2027-05-01')).toBe('2027-01-10');
    expect(nextAssessmentDue(null, 12, '2027-05-01')).toBe('2027-05-01');
  });
});

describe('recurring reviews', () => {
  const base = {
    today: '2027-04-01',
    intervalDays: 90,
    lastReviewedOn: null,
    // The grant itself is old; once a review happened, the review counts.
    oldestOpenGrantOn: '2020-01-01',
    hasOpenCampaign: false,
  };

  it('are due `interval` days after the last review, counted by hand across February', () => {
    // 90 days after 1 January 2027: 31 + 28 + 31 = 90 → 1 April.
    expect(reviewDue({ ...base, lastReviewedOn: '2027-01-01' })).toBe(true);
    expect(reviewDue({ ...base, lastReviewedOn: '2027-01-02' })).toBe(false);
    // In 2028 February has 29 days: 90 days after 1 January is 31 March.
    expect(reviewDue({ ...base, today: '2028-03-30', lastReviewedOn: '2028-01-01' })).toBe(false);
    expect(reviewDue({ ...base, today: '2028-03-31', lastReviewedOn: '2028-01-01' })).toBe(true);
  });

  it('count from the oldest open grant when never reviewed, and never with no open grant or an open campaign', () => {
    expect(reviewDue({ ...base, oldestOpenGrantOn: '2027-01-01' })).toBe(true);
    expect(reviewDue({ ...base, oldestOpenGrantOn: '2027-02-01' })).toBe(false);
    // The last review counts, not the grant, once there was one.
    expect(reviewDue({ ...base, oldestOpenGrantOn: '2026-01-01', lastReviewedOn: '2027-03-01' })).toBe(false);
    expect(reviewDue({ ...base, oldestOpenGrantOn: null, lastReviewedOn: '2026-01-01' })).toBe(false);
    expect(reviewDue({ ...base, oldestOpenGrantOn: '2026-01-01', hasOpenCampaign: true })).toBe(false);
  });
});
