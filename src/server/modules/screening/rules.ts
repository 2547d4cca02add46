/**
 * Name matching, pure: normalise a name (script, case, diacritics, legal-form suffixes, word
 * order), score two names with Jaro–Winkler (talisman), adjust the score by country and by the kind
 * of party, and find the list entries a name matches through a token index. docs/diligence.md
 * explains the scoring with the measured precision and recall.
 */
import anyAscii from 'any-ascii';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import type { EntryKind, SubjectType } from '../../../contracts/screening';

/** Legal forms written in scripts that transliteration would turn into words (株式会社 → "zhushihuishe"). */
const SCRIPT_FORMS = [
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '有限公司',
  '株式会社',
  '有限会社',
  '合同会社',
  '(株)',
  '（株）',
  '주식회사',
  '유한회사',
];

/**
 * Legal forms after transliteration and punctuation removal, as token sequences. Longest first, so
 * "s a de c v" goes before "s a". Removed at the end of a name, and at its start for the forms
 * written first (ООО, PAO, PT…).
 */
const LEGAL_FORMS = [
  'gmbh co kg',
  'sp z o o',
  's a de c v',
  'sa de cv',
  's de r l de c v',
  's de rl de cv',
  's de r l',
  'private limited',
  'public limited company',
  'limited liability company',
  'kabushiki kaisha',
  'k k',
  'co ltd',
  'pte ltd',
  'pty ltd',
  'pvt ltd',
  'sp j',
  'sp k',
  's a',
  's l',
  's r l',
  's r o',
  's p a',
  's a s',
  's a c',
  'sac',
  'a s',
  'b v',
  'n v',
  'd o o',
  'l l c',
  'gmbh',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ag',
  'kg',
  'plc',
  'bv',
  'nv',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'sl',
  'sro',
  'doo',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'kk',
  'pte',
  'pty',
  'pvt',
  'se',
  'ltda',
  'fze',
  'fzco',
  'fzc',
  'jsc',
  'ojsc',
  'cjsc',
  'pjsc',
  'ooo',
  'oao',
  'zao',
  'pao',
  'ao',
  'tov',
  'pt',
  'tbk',
  'bhd',
  'sdn bhd',
].map((f) => f.split(' '));

/** Forms that come before the name (ООО «Ромашка», PT Maju). */
const LEADING_FORMS = new Set(['ooo', 'oao', 'zao', 'pao', 'ao', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'tov', 'pt']);

function endsWith(tokens: string[], form: string[]): boolean {
  if (form.length >= tokens.length) return false;
  const start = tokens.length - form.length;
  return form.every((t, i) => tokens[start + i] === t);
}

/** The name's words: transliterated to ASCII, lower case, punctuation gone, legal forms removed. */
function nameTokens(name: string): string[] {
  let s = name.normalize('NFKC');
  for (const f of SCRIPT_FORMS) s = s.split(f).join(' ');
  s = anyAscii(s)
    .toLowerCase()
    .replace(/&/g, ' and ')
    // Apostrophes join (O'Brien → obrien); other punctuation separates words.
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    // German umlauts are written ue, oe, ae as often as u, o, a (Müller, Mueller, Muller):
    // fold both spellings to one on every name.
    .replace(/([a-z])(?:ue|oe|ae)/g, (m, c: string) => c + m[1])
    .trim();
  let tokens = s ? s.split(' ') : [];
  // Forms at the end, repeatedly ("Acme Holding Co Ltd"); never the whole name.
  for (let changed = true; changed; ) {
    changed = false;
    for (const form of LEGAL_FORMS) {
      if (endsWith(tokens, form)) {
        tokens = tokens.slice(0, tokens.length - form.length);
        changed = true;
        break;
      }
    }
  }
  while (tokens.length > 1 && LEADING_FORMS.has(tokens[0]!)) tokens = tokens.slice(1);
  if (tokens.length > 1 && tokens[0] === 'the') tokens = tokens.slice(1);
  return tokens.map(foldSpelling);
}

/**
 * Spellings that transliterations of one name differ by, folded on both sides: Yelena/Elena,
 * Dmitriy/Dmitri, Qasim/Kasim, Youssef/Yusef, Khalid/Halid, Alexander/Aleksander.
 */
function foldSpelling(token: string): string {
  return token
    .replace(/^ye/, 'e')
    .replace(/iy|yi/g, 'i')
    .replace(/q/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/x/g, 'ks')
    .replace(/ou/g, 'u')
    .replace(/kh/g, 'h')
    .replace(/y/g, 'i');
}

/** A name ready to compare: its words, sorted and joined (word order does not count), and run together in their order. */
interface PreparedName {
  key: string;
  tokens: string[];
  compact: string;
}

function prepare(name: string): PreparedName {
  const tokens = nameTokens(name);
  return { key: [...tokens].sort().join(' '), tokens, compact: tokens.join('') };
}

/** A name as it is compared and as hits are keyed: its normalised words, sorted. */
export function nameKey(name: string): string {
  return prepare(name).key;
}

// Word pairs repeat across a list and a portfolio (common given names, "trading", "bank"): their
// Jaro–Winkler is kept, up to a bound, rather than computed again.
const WORD_CACHE_MAX = 500_000;
const wordCache = new Map<string, number>();
function wordSimilarity(x: string, y: string): number {
  if (x === y) return 1;
  const key = x < y ? `${x}|${y}` : `${y}|${x}`;
  let v = wordCache.get(key);
  if (v === undefined) {
    if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
    v = jaroWinkler(x, y);
    wordCache.set(key, v);
  }
  return v;
}

/**
 * The similarity of two prepared names, 0–1. Each word is paired with its most similar word on
 * the other side (Jaro–Winkler, both ways, so word order does not count); the score is the mean
 * of those pairings, but at most the weakest pairing plus 0.05, so one different word (Ivanov and
 * Ivanenko) keeps two names apart however alike the rest is. Names with a different number of
 * words are also compared run together (Severny Bank and Severnybank).
 */
function nameSimilarity(a: PreparedName, b: PreparedName): number {
  if (!a.tokens.length || !b.tokens.length) return 0;
  if (a.key === b.key) return 1;
  const best = (xs: string[], ys: string[]) =>
    xs.map((x) => Math.max(...ys.map((y) => wordSimilarity(x, y))));
  const all = [...best(a.tokens, b.tokens), ...best(b.tokens, a.tokens)];
  const mean = all.reduce((sum, v) => sum + v, 0) / all.length;
  const aligned = Math.min(mean, Math.min(...all) + 0.05);
  return a.tokens.length === b.tokens.length ? aligned : Math.max(aligned, jaroWinkler(a.compact, b.compact));
}

/** The score's adjustments (docs/diligence.md, "How names are scored"). */
const ADJUST = {
  /** The subject's country is one of the entry's. */
  countryMatch: 0.03,
  /** Both countries known and different. */
  countryMismatch: -0.05,
  /** A person against an organisation, vessel or aircraft, or the reverse. */
  kindMismatch: -0.05,
} as const;

/** Names shorter than this (after normalisation) match only exactly: Jaro–Winkler is noisy on them. */
const SHORT = 4;

const personSubject = (t: SubjectType) => t === 'contact';

/** The final score of a subject's name against one of an entry's names, with the adjustments. */
export function score(
  subject: { name: PreparedName; type: SubjectType; country: string | null },
  entry: { name: PreparedName; kind: EntryKind; countries: readonly string[] },
): number {
  const short = Math.min(subject.name.key.length, entry.name.key.length) < SHORT;
  let s = short ? (subject.name.key === entry.name.key ? 1 : 0) : nameSimilarity(subject.name, entry.name);
  if (subject.country && entry.countries.length)
    s += entry.countries.includes(subject.country) ? ADJUST.countryMatch : ADJUST.countryMismatch;
  const entryPerson = entry.kind === 'individual';
  if (entry.kind !== 'other' && personSubject(subject.type) !== entryPerson) s += ADJUST.kindMismatch;
  return Math.max(0, Math.min(1, s));
}

interface IndexedEntry {
  /** The entry's place in the caller's array. */
  index: number;
  kind: EntryKind;
  countries: readonly string[];
  names: readonly string[];
}

export interface Candidate {
  entry: number;
  matchedName: string;
  score: number;
}

/** A blocking key shared by more than this share of the names (and more than COMMON_MIN) is a common word. */
const COMMON_SHARE = 0.02;
const COMMON_MIN = 200;

/** The blocking keys of a normalised name: the first three letters of each word, and of the words run together. */
function blockKeys(name: PreparedName): string[] {
  const keys = new Set(name.tokens.map((w) => w.slice(0, 3)));
  keys.add(`~${name.compact.slice(0, 3)}`);
  return [...keys];
}

/**
 * An index of the entries' names: a name is compared only with names that share a blocking key
 * (a word starting with the same three letters). Jaro–Winkler weighs the first letters most, so a
 * pair that shares none rarely reaches a threshold; the recall figures in docs/diligence.md are
 * measured through this index.
 */
export function buildIndex(entries: readonly IndexedEntry[]) {
  const names: Array<{ entry: number; prepared: PreparedName; name: string; keys: number }> = [];
  const postings = new Map<string, number[]>();
  for (const e of entries) {
    const seen = new Set<string>();
    for (const name of e.names) {
      const prepared = prepare(name);
      if (!prepared.key || seen.has(prepared.key)) continue;
      seen.add(prepared.key);
      const id = names.length;
      const keys = blockKeys(prepared);
      names.push({ entry: e.index, prepared, name, keys: keys.length });
      for (const b of keys) {
        const list = postings.get(b);
        if (list) list.push(id);
        else postings.set(b, [id]);
      }
    }
  }
  const byIndex = new Map(entries.map((e) => [e.index, e]));

  /** Entries whose best-scoring name reaches the threshold, best first. */
  function match(
    subject: { name: string; type: SubjectType; country: string | null },
    threshold: number,
  ): Candidate[] {
    const prepared = prepare(subject.name);
    if (!prepared.key) return [];
    // How many blocking keys each candidate shares with the name. A word as common as "trading"
    // or "services" would make every name a candidate: its key is used only when the name has no
    // rarer one.
    const shared = new Map<number, number>();
    const keys = blockKeys(prepared);
    const lists = keys.map((b) => postings.get(b) ?? []).sort((a, b) => a.length - b.length);
    const common = Math.max(COMMON_MIN, names.length * COMMON_SHARE);
    for (const [i, list] of lists.entries()) {
      if (i > 0 && list.length > common) break;
      for (const id of list) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const best = new Map<number, Candidate>();
    for (const [id, count] of shared) {
      const n = names[id]!;
      // Two names that can reach a threshold share two keys (a word and the name's start, or two
      // words), unless one of them has only one.
      if (count < Math.min(2, keys.length, n.keys)) continue;
      const e = byIndex.get(n.entry)!;
      const s = score(
        { name: prepared, type: subject.type, country: subject.country },
        { name: n.prepared, kind: e.kind, countries: e.countries },
      );
      if (s < threshold) continue;
      const prev = best.get(n.entry);
      if (!prev || s > prev.score) best.set(n.entry, { entry: n.entry, matchedName: n.name, score: s });
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  return { match, size: names.length };
}

/** What a vendor's screening status is from its hits. */
export function screeningStatus(
  screened: boolean,
  counts: { open: number; trueMatches: number },
): 'not_screened' | 'clear' | 'review' | 'blocked' {
  if (counts.trueMatches > 0) return 'blocked';
  if (counts.open > 0) return 'review';
  return screened ? 'clear' : 'not_screened';
}

/** The sentence a refused approval or engagement answers with. */
export function holdSentence(hit: { sourceLabel: string; entryRef: string; matchedName: string }): string {
  return `This vendor is on hold: a sanctions screening hit on the ${hit.sourceLabel} (entry ${hit.entryRef}, "${hit.matchedName}") was confirmed as a true match, so it cannot be approved and no new engagement can be opened with it.`;
}
