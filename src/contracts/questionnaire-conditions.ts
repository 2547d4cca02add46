/**
 * The questionnaire condition language, pure (VSAQ's: ids with `&&`, `||`, `!`, parentheses,
 * `id/yes`, `id/no`, `^id`): parse a condition, and which questions are shown for some answers.
 * The server checks, scores and keeps answers by it; the web app shows and hides questions by it.
 */
import type { AnswerValue, Question, TemplateContent } from './questionnaires';

export type Cond =
  | { op: 'const'; value: boolean }
  | { op: 'id'; id: string; test: 'set' | 'yes' | 'no' | 'shown' }
  | { op: 'not'; a: Cond }
  | { op: 'and'; a: Cond; b: Cond }
  | { op: 'or'; a: Cond; b: Cond };

export class ConditionError extends Error {}

/** Parse a condition; throws ConditionError saying what is wrong. */
export function parseCondition(text: string): Cond {
  const tokens =
    text.match(/\s*(&&|\|\||!|\(|\)|\^?[A-Za-z][\w-]*(?:\/(?:yes|no))?|\S)/g)?.map((t) => t.trim()) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  function primary(): Cond {
    const t = tokens[i++];
    if (t === undefined) throw new ConditionError('ends too early');
    if (t === '!') return { op: 'not', a: primary() };
    if (t === '(') {
      const inner = or();
      if (tokens[i++] !== ')') throw new ConditionError('has an unclosed parenthesis');
      return inner;
    }
    if (t === 'true' || t === 'false') return { op: 'const', value: t === 'true' };
    const m = /^(\^)?([A-Za-z][\w-]*)(?:\/(yes|no))?$/.exec(t);
    if (!m) throw new ConditionError(`has "${t}" where an id was expected`);
    if (m[1] && m[3]) throw new ConditionError(`cannot combine ^ and /${m[3]} in "${t}"`);
    return { op: 'id', id: m[2]!, test: m[1] ? 'shown' : ((m[3] as 'yes' | 'no' | undefined) ?? 'set') };
  }
  function and(): Cond {
    let left = primary();
    while (peek() === '&&') {
      i++;
      left = { op: 'and', a: left, b: primary() };
    }
    return left;
  }
  function or(): Cond {
    let left = and();
    while (peek() === '||') {
      i++;
      left = { op: 'or', a: left, b: and() };
    }
    return left;
  }
  if (!tokens.length) throw new ConditionError('is empty');
  const out = or();
  if (i < tokens.length) throw new ConditionError(`has "${tokens[i]}" after the end`);
  return out;
}

export function idsOf(c: Cond, out = new Set<string>()): Set<string> {
  if (c.op === 'id') out.add(c.id);
  else if (c.op === 'const') return out;
  else if (c.op === 'not') idsOf(c.a, out);
  else {
    idsOf(c.a, out);
    idsOf(c.b, out);
  }
  return out;
}

/** Every question of a template, section by section. */
export const questions = (t: TemplateContent): Question[] => t.sections.flatMap((s) => s.questions);

/** Is an answer there at all (an empty string or list is no answer)? */
export const hasAnswer = (v: AnswerValue | undefined | null) =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'string' && v.trim() === '') &&
  !(Array.isArray(v) && !v.length);

/** What showing questions needs of a template: no scores or weights (the vendor-facing template has none). */
type ShownQuestion = Pick<Question, 'id' | 'type' | 'condition'> & { options?: Array<{ id: string }> };

/** The ids of the questions shown for these answers (a question whose condition holds). */
export function visibleQuestions(
  t: { sections: Array<{ questions: ShownQuestion[] }> },
  answers: Record<string, AnswerValue>,
): Set<string> {
  const all = t.sections.flatMap((s) => s.questions);
  const byId = new Map(all.map((q) => [q.id, q]));
  const optionOwner = new Map<string, string>();
  for (const q of all) for (const o of q.options ?? []) optionOwner.set(o.id, q.id);
  const parsed = new Map(all.map((q) => [q.id, q.condition ? parseCondition(q.condition) : null]));
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();
  function shown(id: string): boolean {
    if (memo.has(id)) return memo.get(id)!;
    if (!byId.has(id) || visiting.has(id)) return false; // a cycle shows nothing
    visiting.add(id);
    const c = parsed.get(id);
    const v = c ? evaluate(c) : true;
    visiting.delete(id);
    memo.set(id, v);
    return v;
  }
  function evaluate(c: Cond): boolean {
    if (c.op === 'const') return c.value;
    if (c.op === 'not') return !evaluate(c.a);
    if (c.op === 'and') return evaluate(c.a) && evaluate(c.b);
    if (c.op === 'or') return evaluate(c.a) || evaluate(c.b);
    if (c.test === 'shown') return shown(c.id) || (optionOwner.has(c.id) && shown(optionOwner.get(c.id)!));
    const owner = optionOwner.get(c.id);
    if (owner && !byId.has(c.id)) {
      // A choice: selected in a question that is shown.
      if (!shown(owner)) return false;
      const a = answers[owner];
      return Array.isArray(a) ? a.includes(c.id) : a === c.id;
    }
    if (!shown(c.id)) return false;
    const a = answers[c.id];
    if (c.test === 'yes') return a === 'yes';
    if (c.test === 'no') return a === 'no';
    return byId.get(c.id)?.type === 'yes_no' ? a === 'yes' : hasAnswer(a);
  }
  return new Set(all.filter((q) => shown(q.id)).map((q) => q.id));
}

/** Evaluate one condition (a flag's) against the answers. */
export function holds(t: TemplateContent, answers: Record<string, AnswerValue>, condition: string): boolean {
  // The flag's condition is evaluated as a question of its own would be.
  const probe = '__flag__';
  const extended: TemplateContent = {
    ...t,
    sections: [
      ...t.sections,
      {
        id: probe,
        title: probe,
        questions: [{ id: probe, text: probe, type: 'info', required: false, weight: 0, condition }],
      },
    ],
  };
  return visibleQuestions(extended, answers).has(probe);
}
