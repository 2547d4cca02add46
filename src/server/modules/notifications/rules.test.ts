import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../contracts/events';
import { loadConfig } from '../../config';
import {
  channelFor,
  defaultChannel,
  describe as describeEvent,
  digestDue,
  digestMail,
  escapeHtml,
  eventMail,
  eventTypesFor,
  groupDigest,
  nextEmailAttempt,
  plainText,
} from './rules';

describe('channels', () => {
  it('defaults to email for a breached SLA and in_app otherwise; vendor users hear of six types only', () => {
    expect(defaultChannel('sla.breached', 'manager')).toBe('email');
    expect(defaultChannel('message.created', 'viewer')).toBe('in_app');
    expect(eventTypesFor('auditor')).toEqual([...EVENT_TYPES]);
    expect(eventTypesFor('vendor')).toEqual([
      'message.created',
      'certification.expiring',
      'certification.expired',
      'holiday_calendar.next_year_missing',
      'assessment.sent',
      'scorecard.published',
    ]);
    expect(channelFor('sla.breached', 'vendor', 'email')).toBeNull();
    expect(channelFor('message.created', 'vendor', undefined)).toBe('in_app');
    expect(channelFor('message.created', 'admin', 'digest')).toBe('digest');
  });
});

describe('retries', () => {
  it('doubles from one minute and stays at six hours', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const wait = (n: number) => (nextEmailAttempt(n, now).getTime() - now.getTime()) / 60_000;
    expect([1, 2, 3, 4, 5].map(wait)).toEqual([1, 2, 4, 8, 16]);
    expect(wait(9)).toBe(256);
    expect(wait(10)).toBe(360);
    expect(wait(50)).toBe(360);
  });
});

describe('digest day', () => {
  it('is due from 08:00 local and collects what came before local midnight, across DST', () => {
    expect(digestDue(new Date('2027-03-02T06:59:00Z'), 'Europe/Berlin')).toBeNull();
    expect(digestDue(new Date('2027-03-02T07:00:00Z'), 'Europe/Berlin')).toEqual({
      day: '2027-03-02',
      before: '2027-03-01T23:00:00.000Z',
    });
    // The day after Berlin moves to summer time: midnight is 22:00 UTC.
    expect(digestDue(new Date('2027-03-29T06:00:00Z'), 'Europe/Berlin')).toEqual({
      day: '2027-03-29',
      before: '2027-03-28T22:00:00.000Z',
    });
    expect(digestDue(new Date('2027-03-02T00:30:00Z'), 'Asia/Manila')).toEqual({
      day: '2027-03-02',
      before: '2027-03-01T16:00:00.000Z',
    });
  });
});

describe('mails', () => {
  it('escapes HTML and keeps the subject on one line with the engagement first', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const mail = eventMail(
      {
        title: 'Hi\r\nBcc: evil@example.com',
        body: '<b>bold</b>',
        link: '/engagements/eng_1',
        context: 'Care & Co',
      },
      'New message',
      'https://outpost.example.com',
    );
    expect(mail.subject).toBe('[Care & Co] Hi Bcc: evil@example.com');
    expect(mail.text).toContain('<b>bold</b>');
    expect(mail.text).toContain('Open: https://outpost.example.com/engagements/eng_1');
    expect(mail.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(mail.html).toContain('href="https://outpost.example.com/engagements/eng_1"');
  });

  it('groups digest lines by engagement or vendor, named ones first, oldest first inside', () => {
    const line = (context: string | null, title: string, createdAt: string) => ({
      eventType: 'x',
      title,
      body: '',
      link: null,
      context,
      createdAt,
    });
    const items = [
      line('Beta', 'b2', '2027-01-01T10:00:00Z'),
      line(null, 'n', '2027-01-01T08:00:00Z'),
      line('Alpha', 'a', '2027-01-01T09:00:00Z'),
      line('Beta', 'b1', '2027-01-01T07:00:00Z'),
    ];
    expect(groupDigest(items).map((g) => [g.context, g.items.map((i) => i.title)])).toEqual([
      ['Alpha', ['a']],
      ['Beta', ['b1', 'b2']],
      [null, ['n']],
    ]);
    const mail = digestMail('2027-01-02', items, null);
    expect(mail.subject).toBe('Outpost daily digest for 2027-01-02: 4 updates [2 engagements and vendors]');
    expect(mail.text.indexOf('Alpha')).toBeLessThan(mail.text.indexOf('Beta'));
    expect(mail.text).toContain('Other');
  });

  it('words certificate reminders for the vendor’s own users', () => {
    const event = {
      type: 'certification.expiring' as const,
      payload: { standardName: 'SOC 2 Type II', expiresOn: '2027-05-06', days: 5, threshold: 7 },
    };
    const ctx = { engagement: null, vendor: { id: 'vnd_1', name: 'Manila Care' } };
    expect(describeEvent(event, ctx, 'vendor').title).toBe(
      'Your SOC 2 Type II certificate expires in 5 days (2027-05-06)',
    );
    expect(describeEvent(event, ctx, 'internal').title).toBe(
      'Manila Care: SOC 2 Type II certificate expires in 5 days (2027-05-06)',
    );
  });
});

describe('SMTP_URL and MAIL_FROM', () => {
  const env = (extra: Record<string, string>) =>
    ({ LOG_LEVEL: 'silent', OUTPOST_SECRET: 'x'.repeat(40), ...extra }) as NodeJS.ProcessEnv;
  it('takes smtp:// and smtps:// URLs and names a bad one', () => {
    expect(loadConfig(env({ SMTP_URL: 'smtps://u:p%40ss@mail.example.com:465' })).smtpUrl).toBe(
      'smtps://u:p%40ss@mail.example.com:465',
    );
    expect(loadConfig(env({})).smtpUrl).toBeNull();
    expect(() => loadConfig(env({ SMTP_URL: 'http://mail.example.com' }))).toThrow(/SMTP_URL: must be smtp:/);
    expect(() => loadConfig(env({ SMTP_URL: 'smtp://mail.example.com:99999' }))).toThrow(/SMTP_URL/);
    expect(() => loadConfig(env({ MAIL_FROM: 'not an address' }))).toThrow(/MAIL_FROM/);
    expect(loadConfig(env({ MAIL_FROM: 'Outpost <ops@example.com>' })).mailFrom).toBe(
      'Outpost <ops@example.com>',
    );
  });
});

describe('what a notification says', () => {
  it('drops Markdown marks from titles and bodies', () => {
    expect(plainText('**Urgent**: see [the plan](https://x.example/p) and `kpi_1`')).toBe(
      'Urgent: see the plan and kpi_1',
    );
    expect(plainText('# Minutes\n- first _point_\n> quoted')).toBe('Minutes first point quoted');
    expect(plainText('snake_case_name and 2*3*4 stay')).toBe('snake_case_name and 2*3*4 stay');
  });

  it('writes a status as words, not as its stored value', () => {
    const r = describeEvent(
      { type: 'vendor.status_changed', payload: { from: 'prospect', to: 'under_review' } },
      { engagement: null, vendor: { id: 'vnd_1', name: 'Manila Care' } },
      'internal',
    );
    expect(r.title).toBe('Manila Care is now under review');
  });

  it('names a message thread without Markdown in the title', () => {
    const r = describeEvent(
      {
        type: 'message.created',
        payload: { authorName: 'Ana', threadTitle: '**Go-live** plan', excerpt: 'See *this*' },
      },
      { engagement: { id: 'eng_1', title: 'Care DACH' }, vendor: null },
      'internal',
    );
    expect(r).toMatchObject({ title: 'Ana in “Go-live plan”', body: 'See this' });
  });
});
