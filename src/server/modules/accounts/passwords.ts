import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** scrypt from node:crypto; the parameters are stored with each hash so they can be raised later. */
const PARAMS = { N: 32768, r: 8, p: 1, keylen: 32 };

function derive(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keylen: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = PARAMS;
  const key = await derive(password, salt, N, r, p, keylen);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/** A hash to check against when the email is unknown, so both paths take the same time. */
export const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * The strength half of NIST SP 800-63B §5.1.1.2 ("compare against a list of commonly used,
 * expected or compromised values … context-specific words, such as the name of the service, the
 * username"): zxcvbn-ts, with its common-password, English and keyboard-pattern data and the
 * user's own words. A password scoring under 3 (fewer than 10^8 guesses) is refused. The length
 * and the visible-characters rule are the contract's (`passwordShapeProblem`).
 */
const MIN_SCORE = 3;

/**
 * The estimator's cost grows steeply with length and with l33t substitutions (a 250-character
 * repeat took half a second): only the first 64 characters are judged, with at most 8 l33t
 * substitutions — a password whose first 64 characters are strong is strong.
 */
const ESTIMATOR_LIMITS = { maxLength: 64, l33tMaxSubstitutions: 8 };

let estimator: Promise<ZxcvbnFactory> | undefined;

/** The dictionaries are megabytes: loaded on the first password set, once per process. */
function strengthEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      ...ESTIMATOR_LIMITS,
    });
  })().catch((err: unknown) => {
    estimator = undefined;
    throw err;
  });
  return estimator;
}

/** Who a password belongs to: their words are the first an attacker tries. */
export interface PasswordContext {
  name: string;
  email: string;
  organisation: string;
  /** Further words to refuse, such as the password being replaced. */
  also?: string[];
}

/**
 * The user's name, e-mail, its local part and domain, and the organisation name: whole, run
 * together ("olgaowner") and word by word.
 */
function contextWords(c: PasswordContext): string[] {
  const email = c.email.toLowerCase();
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at + 1);
  const whole = [c.name, email, local, domain, c.organisation, ...(c.also ?? [])].map((w) =>
    w.normalize('NFKC'),
  );
  const separators = /[^\p{L}\p{N}]+/gu;
  const runTogether = whole.map((w) => w.replace(separators, ''));
  const words = whole.flatMap((w) => w.split(separators));
  return [...new Set([...whole, ...runTogether, ...words].map((w) => w.trim()).filter((w) => w.length >= 3))];
}

/**
 * Why a password is too easy to guess for this user, as a field message with zxcvbn's own
 * feedback, or null. Judged in NFKC (as it is hashed), without control and format characters (an
 * invisible character adds nothing an attacker would not try).
 */
export async function passwordWeakness(password: string, context: PasswordContext): Promise<string | null> {
  const zxcvbn = await strengthEstimator();
  const judged = password.normalize('NFKC').replace(/[\p{Cc}\p{Cf}]/gu, '');
  const { score, feedback } = zxcvbn.check(judged, contextWords(context));
  if (score >= MIN_SCORE) return null;
  const advice = [feedback.warning, ...feedback.suggestions].filter((s): s is string => !!s);
  return [
    'is too easy to guess.',
    ...(advice.length ? advice : ['Add more words that are less common.']),
  ].join(' ');
}
