/**
 * Import of Google's open VSAQ questionnaires ("VSAQON": JSON with `//` comment lines and
 * `"…" +` string joins). Blocks become sections (a block's condition applies to everything inside
 * it); `radiogroup` a single choice and `checkgroup` a multiple choice whose option ids are the
 * choice keys; `line` and `box` text; `check` and `yesno` yes/no; `upload` a file question; a `tip`
 * is guidance shown when its condition holds and, with `warn: "yes"`, also a flag (its severity,
 * medium when none is given); `info` is guidance; `spacer` is dropped. VSAQ ids are kept; items
 * without one get a generated id. A condition naming an id the file does not define is false, as
 * in VSAQ, and the import says so in its warnings.
 */

import { type Cond, ConditionError, parseCondition } from '../../../contracts/questionnaire-conditions';
import type { Flag, Question, Section, Severity, TemplateContent } from '../../../contracts/questionnaires';

export class VsaqError extends Error {
  constructor(
    message: string,
    readonly field = 'body',
  ) {
    super(message);
  }
}

interface Item {
  type: string;
  id?: string;
  text?: string;
  cond?: string;
  items?: Item[];
  choices?: Array<Record<string, string>>;
  warn?: string;
  severity?: string;
  name?: string;
}

/** VSAQON → JSON, as VSAQ does: drop comment lines, join `" +` continuations, `\x` → `\u00`. */
export function parseVsaqon(text: string): unknown {
  const cleaned = text
    .split(/\r?\n/)
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n')
    .replace(/"\s*\+\s*\n\s*"/g, '')
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1');
  try {
    return JSON.parse(cleaned);
  } catch (err) {
    throw new VsaqError(`is not a VSAQ questionnaire: ${(err as Error).message}`);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** VSAQ texts hold a little HTML: links keep their address, other tags go. */
export function plainText(html: string): string {
  return html
    .replace(/<a\s[^>]*href=['"]([^'"]+)['"][^>]*>(.*?)<\/a>/gi, (_m, href: string, label: string) =>
      label.trim() === href ? href : `${label} (${href})`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? _m)
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);
const ID = /^[A-Za-z][\w-]{0,99}$/;

interface VsaqImport {
  content: TemplateContent;
  warnings: string[];
}

/** Turn a parsed VSAQ questionnaire into a template's content. */
export function fromVsaq(doc: unknown, name?: string): VsaqImport {
  const root = (doc as { questionnaire?: unknown })?.questionnaire;
  if (!Array.isArray(root)) throw new VsaqError('has no "questionnaire" list: is this a VSAQ file?');
  const sections: Section[] = [];
  const flags: Flag[] = [];
  const warnings: string[] = [];
  const used = new Set<string>();
  const blockConds = new Map<string, string | null>();
  let generated = 0;
  const freshId = (base: string) => {
    let id: string;
    do id = `${base}_${++generated}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  const claim = (id: string | undefined, base: string) => {
    if (id && ID.test(id) && !used.has(id)) {
      used.add(id);
      return id;
    }
    if (id)
      warnings.push(`the id "${id}" is ${used.has(id) ? 'used twice' : 'not usable'}; a new one was given`);
    return freshId(base);
  };
  const both = (a: string | null, b: string | undefined) =>
    a && b ? `(${a}) && (${b})` : (a ?? (b?.trim() ? b : null));

  function block(item: Item, inherited: string | null, title: string) {
    const cond = both(inherited, item.cond);
    if (item.id) blockConds.set(item.id, cond);
    const questions: Question[] = [];
    const sectionTitle = plainText(item.text ?? '') || title;
    const children: Array<[Item, string | null]> = [];
    for (const child of item.items ?? []) {
      if (child.type === 'block') {
        children.push([child, cond]);
        continue;
      }
      const q = itemToQuestion(child, cond);
      if (q) questions.push(q);
    }
    if (questions.length)
      sections.push({ id: claim(item.id, 'section'), title: sectionTitle.slice(0, 500), questions });
    for (const [child, c] of children) block(child, c, sectionTitle);
  }

  function itemToQuestion(item: Item, inherited: string | null): Question | null {
    const condition = both(inherited, item.cond);
    const text = plainText(item.text ?? '').slice(0, 5000);
    const base = { required: false, weight: 1, condition };
    switch (item.type) {
      case 'radiogroup':
      case 'checkgroup': {
        const options = (item.choices ?? []).flatMap((choice) =>
          Object.entries(choice).map(([id, label]) => ({
            id: claim(id, 'choice'),
            label: plainText(label).slice(0, 500) || id,
            score: null,
          })),
        );
        if (!options.length) {
          warnings.push(`a ${item.type} without choices was left out`);
          return null;
        }
        return {
          ...base,
          id: claim(item.id, item.type === 'radiogroup' ? 'choice_group' : 'check_group'),
          text: text || 'Choose',
          type: item.type === 'radiogroup' ? 'single_choice' : 'multiple_choice',
          options,
        };
      }
      case 'line':
      case 'box':
        return { ...base, id: claim(item.id, 'text'), text: text || 'Answer', type: 'text' };
      case 'check':
      case 'yesno':
        return { ...base, id: claim(item.id, 'yes_no'), text: text || 'Yes or no', type: 'yes_no' };
      case 'upload':
        return { ...base, id: claim(item.id, 'upload'), text: text || 'Upload a file', type: 'file' };
      case 'info':
      case 'tip': {
        const id = claim(item.id, item.type);
        if (item.type === 'tip' && item.warn === 'yes') {
          const severity = (SEVERITIES.has(item.severity ?? '') ? item.severity : 'medium') as Severity;
          if (!condition) warnings.push(`the warning "${id}" has no condition: it is always raised`);
          flags.push({
            id,
            condition: condition ?? 'true',
            severity,
            title: (plainText(item.name ?? '') || text.split(/(?<=[.!?])\s/)[0] || id).slice(0, 300),
            message: text,
          });
        }
        return { ...base, id, text: text || '—', type: 'info', weight: 0 };
      }
      case 'spacer':
        return null;
      default:
        warnings.push(`an item of type "${item.type}" is not known and was left out`);
        return null;
    }
  }

  root.forEach((item: Item, i) => {
    if (item?.type === 'block') block(item, null, name ?? `Section ${i + 1}`);
    else {
      const q = itemToQuestion(item, null);
      if (q) sections.push({ id: freshId('section'), title: name ?? 'Questions', questions: [q] });
    }
  });
  if (!sections.length) throw new VsaqError('holds no questions');

  // Conditions may name ids the file does not define (another questionnaire's): false, as in VSAQ.
  // A block's id stands for its own condition.
  const known = new Set(used);
  const fix = (condition: string | null, where: string): string | null => {
    if (!condition) return condition;
    let tree: Cond;
    try {
      tree = parseCondition(condition);
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err;
      warnings.push(`the condition of ${where} ${err.message}: it was dropped`);
      return null;
    }
    const render = (c: Cond): string => {
      if (c.op === 'const') return String(c.value);
      if (c.op === 'not') return `!${render(c.a)}`;
      if (c.op === 'and' || c.op === 'or')
        return `(${render(c.a)} ${c.op === 'and' ? '&&' : '||'} ${render(c.b)})`;
      if (known.has(c.id))
        return `${c.test === 'shown' ? '^' : ''}${c.id}${c.test === 'yes' || c.test === 'no' ? `/${c.test}` : ''}`;
      if (blockConds.has(c.id))
        return blockConds.get(c.id) ? `(${fix(blockConds.get(c.id)!, where)})` : 'true';
      warnings.push(
        `the condition of ${where} names "${c.id}", which this file does not define: treated as false`,
      );
      return 'false';
    };
    return render(tree);
  };
  for (const s of sections) for (const q of s.questions) q.condition = fix(q.condition, `"${q.id}"`);
  for (const f of flags) f.condition = fix(f.condition, `the warning "${f.id}"`) ?? 'true';

  const first = root.find((i: Item) => i?.type === 'block') as Item | undefined;
  return {
    content: {
      name:
        (name ?? plainText(first?.text ?? '') ?? 'VSAQ questionnaire').slice(0, 300) || 'VSAQ questionnaire',
      description: 'Imported from a VSAQ questionnaire.',
      sections,
      flags,
    },
    warnings: [...new Set(warnings)],
  };
}
