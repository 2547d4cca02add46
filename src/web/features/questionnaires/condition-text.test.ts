import { describe, expect, it } from 'vitest';
import { describeCondition } from './condition-text';

const TEXTS: Record<string, string> = {
  enc_at_rest: 'Do you encrypt data at rest?',
  cloud: 'Do you use a cloud provider?',
  mfa: 'Do administrators use MFA?',
};
const say = (c: string | null) => describeCondition(c, (id) => TEXTS[id]);

describe('a questionnaire condition in words', () => {
  it('names each question by its text and each test in words', () => {
    expect(say('enc_at_rest/yes && !cloud')).toBe(
      'Shown when “Do you encrypt data at rest?” is Yes and “Do you use a cloud provider?” is not answered.',
    );
    expect(say('(enc_at_rest/no || mfa/no) && cloud')).toBe(
      'Shown when (“Do you encrypt data at rest?” is No or “Do administrators use MFA?” is No) and “Do you use a cloud provider?” is answered.',
    );
    expect(say('^mfa')).toBe('Shown when “Do administrators use MFA?” is shown.');
  });

  it('says nothing for no condition or one that does not parse', () => {
    expect(say(null)).toBeNull();
    expect(say('  ')).toBeNull();
    expect(say('enc_at_rest/yes &&')).toBeNull();
  });
});
