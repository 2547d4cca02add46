/** Message text rules, pure: Markdown to safe HTML, and who a message mentions. */
import MarkdownIt from 'markdown-it';

// Raw HTML is never passed through (html: false escapes it); bare URLs become links.
const md = new MarkdownIt({ html: false, linkify: true });

/** Only web and mail links, and links within Outpost; javascript:, data:, file: and the like are dropped. */
export function isSafeLink(url: string): boolean {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return true;
  // Relative links within the app, never protocol-relative (//host) ones.
  return /^[/#?]/.test(u) && !u.startsWith('//');
}
md.validateLink = isSafeLink;

// Links open a new tab without handing it this window, and carry no endorsement.
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
  tokens[idx]!.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** The sanitised HTML of a message body. */
export const renderMarkdown = (body: string): string => md.render(body);

const EMAIL_MENTION = /(?:^|[^\w.@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;
const NAME_MENTION = /(?:^|[\s(])@([\p{L}][\p{L}\p{M}'-]*)/gu;

/** The @email and @name tokens of a body (names are one word: a first name, or a full name without spaces). */
export function mentionTokens(body: string): { emails: string[]; names: string[] } {
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const m of body.matchAll(EMAIL_MENTION)) emails.add(m[1]!.toLowerCase());
  for (const m of body.matchAll(NAME_MENTION)) {
    // "@rosa@example.com" is an email mention, not the name "rosa".
    const after = body.slice((m.index ?? 0) + m[0].length);
    if (!after.startsWith('@')) names.add(m[1]!.toLowerCase());
  }
  return { emails: [...emails], names: [...names] };
}

export interface Candidate {
  id: string;
  name: string;
  email: string;
}

/**
 * Resolve mentions against the users who may see the thread. An email must match exactly; a
 * name matches a user's first name or whole name without spaces, and only when one user fits.
 */
export function resolveMentions(
  body: string,
  candidates: Candidate[],
): Array<{ userId: string; name: string }> {
  const { emails, names } = mentionTokens(body);
  const out = new Map<string, string>();
  for (const email of emails) {
    const user = candidates.find((c) => c.email.toLowerCase() === email);
    if (user) out.set(user.id, user.name);
  }
  for (const name of names) {
    const fits = candidates.filter((c) => {
      const n = c.name.toLowerCase();
      return n.split(/\s+/)[0] === name || n.replace(/\s+/g, '') === name;
    });
    if (fits.length === 1) out.set(fits[0]!.id, fits[0]!.name);
  }
  return [...out].map(([userId, name]) => ({ userId, name }));
}
