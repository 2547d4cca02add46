import { describe, expect, it } from 'vitest';
import { isSafeLink, mentionTokens, renderMarkdown, resolveMentions } from './rules';

describe('message rules', () => {
  it('escapes raw HTML and drops unsafe links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    expect(renderMarkdown('[d](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href=');
  });

  it('renders Markdown and links bare URLs safely', () => {
    const html = renderMarkdown('**Done** see https://example.com/report and [spec](/engagements/x)');
    expect(html).toContain('<strong>Done</strong>');
    expect(html).toContain(
      '<a href="https://example.com/report" rel="nofollow noopener noreferrer" target="_blank">',
    );
    expect(html).toContain('href="/engagements/x"');
    expect(isSafeLink('//evil.example')).toBe(false);
    expect(isSafeLink('mailto:a@example.com')).toBe(true);
    expect(isSafeLink('vbscript:x')).toBe(false);
  });

  it('finds @email and @name mentions and resolves only unambiguous names', () => {
    expect(mentionTokens('Hi @rosa@example.com and @Omar, mail me at x@y.z')).toEqual({
      emails: ['rosa@example.com'],
      names: ['omar'],
    });
    const users = [
      { id: 'u1', name: 'Omar Haddad', email: 'omar@example.com' },
      { id: 'u2', name: 'Rosa Reyes', email: 'rosa@example.com' },
      { id: 'u3', name: 'Ana Lima', email: 'ana1@example.com' },
      { id: 'u4', name: 'Ana Souza', email: 'ana2@example.com' },
    ];
    expect(resolveMentions('@omar @rosa@example.com @ana @AnaSouza @nobody', users)).toEqual([
      { userId: 'u2', name: 'Rosa Reyes' },
      { userId: 'u1', name: 'Omar Haddad' },
      { userId: 'u4', name: 'Ana Souza' },
    ]);
  });
});
