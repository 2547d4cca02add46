import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visibleQuestions } from '../../../contracts/questionnaire-conditions';
import { TemplateContent, type TemplateContentInput } from '../../../contracts/questionnaires';
import { answerProblems, keepVisible, raisedFlags, scoreOf, templateProblems } from './rules';
import { fromVsaq, parseVsaqon, plainText } from './vsaq';

const template = (t: TemplateContentInput) => TemplateContent.parse(t);

const SECURITY = template({
  name: 'Security',
  sections: [
    {
      id: 'data',
      title: 'Data',
      questions: [
        {
          id: 'encrypted',
          text: 'Data encrypted at rest?',
          type: 'yes_no',
          weight: 3,
          required: true,
          options: [
            { id: 'yes', label: 'Yes', score: 1 },
            { id: 'no', label: 'No', score: 0 },
          ],
        },
        { id: 'how', text: 'How?', type: 'text', required: true, condition: 'encrypted/yes' },
        {
          id: 'tls',
          text: 'TLS version',
          type: 'single_choice',
          weight: 2,
          options: [
            { id: 'tls13', label: '1.3', score: 4 },
            { id: 'tls12', label: '1.2', score: 2 },
            { id: 'tls10', label: '1.0', score: 0 },
          ],
        },
        {
          id: 'controls',
          text: 'Controls',
          type: 'multiple_choice',
          weight: 1,
          options: [
            { id: 'mfa', label: 'MFA', score: 2 },
            { id: 'pam', label: 'PAM', score: 2 },
            { id: 'none', label: 'None', score: 0 },
          ],
        },
        { id: 'audit', text: 'Last audit', type: 'date', condition: '^how && !none' },
      ],
    },
  ],
  flags: [
    { id: 'plain', condition: 'encrypted/no', severity: 'critical', title: 'No encryption at rest' },
    { id: 'old_tls', condition: 'tls10', severity: 'high', title: 'TLS 1.0' },
  ],
});

describe('questionnaire conditions', () => {
  it('shows a question only while its condition holds, including through hidden questions', () => {
    expect([...visibleQuestions(SECURITY, {})]).toEqual(['encrypted', 'tls', 'controls']);
    expect([...visibleQuestions(SECURITY, { encrypted: 'yes' })]).toEqual([
      'encrypted',
      'how',
      'tls',
      'controls',
      'audit',
    ]);
    // "none" chosen hides the audit date; "no" hides "how" and so the audit (^how) too.
    expect(visibleQuestions(SECURITY, { encrypted: 'yes', controls: ['none'] }).has('audit')).toBe(false);
    expect(visibleQuestions(SECURITY, { encrypted: 'no' }).has('audit')).toBe(false);
    // Answers to hidden questions are dropped when saved.
    expect(keepVisible(SECURITY, { encrypted: 'no', how: 'AES' })).toEqual({ encrypted: 'no' });
  });

  it('scores the questions shown by weight and best option, and raises flags by severity', () => {
    // encrypted yes 3·1, tls 1.2 2·0.5, controls mfa 1·0.5 → 4.5 / 6 = 75.
    const answers = { encrypted: 'yes', how: 'AES-256', tls: 'tls12', controls: ['mfa'] };
    expect(scoreOf(SECURITY, answers, visibleQuestions(SECURITY, answers))).toBe(75);
    // Unanswered scored questions earn nothing: only "no" (0 of 3) and tls 1.0 (0 of 2).
    const bad = { encrypted: 'no', tls: 'tls10' };
    expect(scoreOf(SECURITY, bad, visibleQuestions(SECURITY, bad))).toBe(0);
    expect(raisedFlags(SECURITY, bad).map((f) => f.id)).toEqual(['plain', 'old_tls']);
    expect(raisedFlags(SECURITY, answers)).toEqual([]);
    const unscored = template({
      name: 'x',
      sections: [{ id: 's', title: 's', questions: [{ id: 'q', text: 'q', type: 'text' }] }],
    });
    expect(scoreOf(unscored, { q: 'a' }, new Set(['q']))).toBeNull();
  });

  it('checks answers by type and requires the required questions shown', () => {
    expect(
      answerProblems(
        SECURITY,
        { encrypted: 'maybe', tls: ['tls13'], controls: ['mfa', 'mfa'], nope: 'x', audit: '2027-13-40' },
        false,
      ),
    ).toEqual([
      { field: 'answers.encrypted', message: 'must be one of yes, no' },
      { field: 'answers.tls', message: 'must be one of tls13, tls12, tls10' },
      { field: 'answers.controls', message: 'must be a list of distinct options among mfa, pam, none' },
      { field: 'answers.nope', message: 'is not a question of this questionnaire' },
      { field: 'answers.audit', message: 'must be a date (YYYY-MM-DD)' },
    ]);
    expect(answerProblems(SECURITY, { encrypted: 'yes' }, true)).toEqual([
      { field: 'answers.how', message: 'is required' },
    ]);
    expect(answerProblems(SECURITY, { encrypted: 'no' }, true)).toEqual([]);
  });

  it('finds a template’s own problems: duplicate ids, missing options, conditions naming nothing', () => {
    const broken = template({
      name: 'Broken',
      sections: [
        {
          id: 's',
          title: 'S',
          questions: [
            { id: 'a', text: 'A', type: 'single_choice' },
            { id: 'a', text: 'A again', type: 'text', condition: 'ghost || (a' },
            { id: 'b', text: 'B', type: 'text', condition: 'ghost' },
          ],
        },
      ],
      flags: [{ id: 'f', condition: 'b', severity: 'low', title: 'F' }],
    });
    expect(templateProblems(broken)).toEqual([
      { field: 'sections.0.questions.0.options', message: 'needs at least one option' },
      { field: 'sections.0.questions.1.id', message: '"a" is used twice' },
      { field: 'sections.0.questions.1.condition', message: 'has an unclosed parenthesis' },
      {
        field: 'sections.0.questions.2.condition',
        message: 'names "ghost", which is no question or option of the template',
      },
    ]);
    expect(templateProblems(SECURITY)).toEqual([]);
  });
});

describe('VSAQ import', () => {
  const sample = readFileSync(
    path.join(import.meta.dirname, '../../../../test/fixtures/vsaq-sample.vsaq'),
    'utf8',
  );

  it('turns blocks into sections and every item type into its question, keeping ids and conditions', () => {
    const { content, warnings } = fromVsaq(parseVsaqon(sample));
    expect(templateProblems(TemplateContent.parse(content))).toEqual([]);
    expect(content.sections.map((s) => [s.id, s.title])).toEqual([
      ['storage', 'Data storage'],
      ['access', 'Access & identity'],
    ]);
    const qs = content.sections.flatMap((s) => s.questions);
    expect(qs.map((q) => `${q.id}:${q.type}`)).toEqual([
      'info_1:info',
      'storage_encryption:single_choice',
      'warn_storage_plain:info',
      'storage_details:text',
      'check_group_2:multiple_choice',
      'access_reviews:yes_no',
      'access_sso:yes_no',
      'access_idp:text',
      'warn_no_mfa:info',
      'tip_reviews:info',
      'access_policy:file',
    ]);
    expect(qs[1]!.text).toBe('Is customer data encrypted at rest?');
    expect(qs[1]!.options!.map((o) => o.id)).toEqual(['storage_encryption_yes', 'storage_encryption_no']);
    expect(qs[0]!.text).toBe('Tell us how you keep our data.');
    // The block's condition reaches everything inside; an id the file does not define is false.
    expect(qs[4]!.condition).toBe('!false');
    expect(qs[7]!.condition).toBe('(!false && access_sso/yes)');
    expect(warnings).toContain(
      'the condition of "check_group_2" names "vendor_has_no_systems", which this file does not define: treated as false',
    );
    expect(content.flags).toEqual([
      {
        id: 'warn_storage_plain',
        condition: 'storage_encryption_no',
        severity: 'high',
        title: 'Data at rest unencrypted',
        message: 'Encrypt data at rest; see the guide (https://example.com/guide).',
      },
      expect.objectContaining({
        id: 'warn_no_mfa',
        severity: 'medium',
        title: 'Administrator accounts without MFA are the first target.',
      }),
    ]);
    const t = TemplateContent.parse(content);
    // Flags follow the answers, conditions included.
    // The MFA warning holds while the access block is shown and MFA is not ticked.
    expect(raisedFlags(t, { storage_encryption: 'storage_encryption_no' }).map((f) => f.id)).toEqual([
      'warn_storage_plain',
      'warn_no_mfa',
    ]);
    expect(raisedFlags(t, { access_reviews: 'yes' }).map((f) => f.id)).toEqual(['warn_no_mfa']);
    expect(raisedFlags(t, { access_reviews: 'yes', check_group_2: ['access_mfa'] })).toEqual([]);
    expect(visibleQuestions(t, {}).has('access_idp')).toBe(false);
    expect(visibleQuestions(t, { access_sso: 'yes' }).has('access_idp')).toBe(true);
  });

  it('refuses what is not a VSAQ questionnaire', () => {
    expect(() => parseVsaqon('{ nope')).toThrow(/is not a VSAQ questionnaire/);
    expect(() => fromVsaq({ items: [] })).toThrow(/no "questionnaire" list/);
    expect(plainText('a &amp; <code>b</code>')).toBe('a & b');
  });

  // The real questionnaires of the VSAQ project, when ../shared is there (an optional extra check).
  const real = path.join(import.meta.dirname, '../../../../../shared/fixtures/vsaq');
  it.skipIf(!existsSync(real))(
    'imports every questionnaire of the VSAQ project (skipped without ../shared)',
    () => {
      const files = readdirSync(real).filter((f) => f.endsWith('.json') && !f.includes('extension'));
      expect(files.length).toBeGreaterThan(3);
      for (const f of files) {
        const { content } = fromVsaq(parseVsaqon(readFileSync(path.join(real, f), 'utf8')));
        const t = TemplateContent.parse(content);
        expect(templateProblems(t), f).toEqual([]);
        const qs = t.sections.flatMap((s) => s.questions);
        expect(qs.filter((q) => q.type !== 'info').length, f).toBeGreaterThan(0);
        if (f === 'webapp.json') {
          expect(qs.filter((q) => q.type === 'single_choice').length).toBeGreaterThan(30);
          expect(t.flags.length).toBeGreaterThan(30);
          expect(qs.some((q) => q.condition)).toBe(true);
        }
        if (f === 'test_template.json') {
          expect(qs.map((q) => q.type)).toEqual(['info', 'multiple_choice', 'yes_no', 'info', 'yes_no']);
          expect(t.flags).toEqual([
            expect.objectContaining({ id: 'data_tip', severity: 'critical', condition: 'data_warning/yes' }),
          ]);
        }
        // Every flag and question condition evaluates without error against no answers.
        raisedFlags(t, {});
      }
    },
  );
});
