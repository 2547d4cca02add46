/**
 * Questionnaire rules, pure: the checks of a template and of answers, the score (0–100) and the
 * flags raised. The condition language they use lives in src/contracts/questionnaire-conditions.ts.
 */
import {
  ConditionError,
  hasAnswer,
  holds,
  idsOf,
  parseCondition,
  questions,
  visibleQuestions,
} from '../../../contracts/questionnaire-conditions';
import type {
  AnswerValue,
  Flag,
  Question,
  Severity,
  TemplateContent,
} from '../../../contracts/questionnaires';

/** Options of a yes/no question: its own (to score them) or plain yes and no. */
const yesNoOptions = (q: Question) =>
  q.options?.length
    ? q.options
    : [
        { id: 'yes', label: 'Yes', score: null },
        { id: 'no', label: 'No', score: null },
      ];

/** The share (0–1) of a question's full marks an answer earns; null when it is not scored. */
function earned(q: Question, a: AnswerValue | undefined): number | null {
  const options = q.type === 'yes_no' ? yesNoOptions(q) : (q.options ?? []);
  const scores = options.map((o) => o.score ?? 0);
  if (q.weight <= 0 || !options.some((o) => o.score !== null)) return null;
  if (!['yes_no', 'single_choice', 'multiple_choice'].includes(q.type)) return null;
  if (!hasAnswer(a)) return 0;
  const scoreOf = (id: string) => options.find((o) => o.id === id)?.score ?? 0;
  if (q.type === 'multiple_choice') {
    const full = scores.filter((s) => s > 0).reduce((x, y) => x + y, 0);
    const got = (Array.isArray(a) ? a : []).reduce((s, id) => s + scoreOf(id), 0);
    return full > 0 ? Math.min(1, got / full) : 0;
  }
  const best = Math.max(...scores);
  return best > 0 ? scoreOf(String(a)) / best : 0;
}

/** 0–100 over the scored questions shown (unanswered ones earn nothing); null when none is scored. */
export function scoreOf(
  t: TemplateContent,
  answers: Record<string, AnswerValue>,
  visible: Set<string>,
): number | null {
  let got = 0;
  let weight = 0;
  for (const q of questions(t)) {
    if (!visible.has(q.id)) continue;
    const e = earned(q, answers[q.id]);
    if (e === null) continue;
    got += e * q.weight;
    weight += q.weight;
  }
  return weight > 0 ? Math.round((got / weight) * 10000) / 100 : null;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The template's flags whose condition holds, the most severe first. */
export function raisedFlags(t: TemplateContent, answers: Record<string, AnswerValue>): Flag[] {
  return t.flags
    .filter((f) => holds(t, answers, f.condition))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export interface Problem {
  field: string;
  message: string;
}

/** A template's own consistency: unique ids, options where needed, conditions that parse and name known ids. */
export function templateProblems(t: TemplateContent): Problem[] {
  const out: Problem[] = [];
  const sectionIds = new Set<string>();
  const known = new Map<string, string>();
  t.sections.forEach((s, si) => {
    if (sectionIds.has(s.id))
      out.push({ field: `sections.${si}.id`, message: `"${s.id}" is used by another section` });
    sectionIds.add(s.id);
    s.questions.forEach((q, qi) => {
      const at = `sections.${si}.questions.${qi}`;
      if (known.has(q.id)) out.push({ field: `${at}.id`, message: `"${q.id}" is used twice` });
      known.set(q.id, at);
      const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
      if (choice && !q.options?.length)
        out.push({ field: `${at}.options`, message: 'needs at least one option' });
      if (!choice && q.type !== 'yes_no' && q.options?.length)
        out.push({
          field: `${at}.options`,
          message: `are only for choice and yes/no questions, not ${q.type}`,
        });
      if (q.type === 'yes_no' && q.options?.length) {
        const ids = q.options.map((o) => o.id).sort();
        if (ids.join() !== 'no,yes')
          out.push({ field: `${at}.options`, message: 'of a yes/no question must be "yes" and "no"' });
      } else
        (q.options ?? []).forEach((o, oi) => {
          if (known.has(o.id))
            out.push({ field: `${at}.options.${oi}.id`, message: `"${o.id}" is used twice` });
          known.set(o.id, `${at}.options.${oi}`);
        });
    });
  });
  const checkCondition = (condition: string | null, field: string) => {
    if (!condition) return;
    try {
      for (const id of idsOf(parseCondition(condition)))
        if (!known.has(id))
          out.push({ field, message: `names "${id}", which is no question or option of the template` });
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err;
      out.push({ field, message: err.message });
    }
  };
  t.sections.forEach((s, si) => {
    s.questions.forEach((q, qi) => {
      checkCondition(q.condition, `sections.${si}.questions.${qi}.condition`);
    });
  });
  const flagIds = new Set<string>();
  t.flags.forEach((f, fi) => {
    if (flagIds.has(f.id))
      out.push({ field: `flags.${fi}.id`, message: `"${f.id}" is used by another flag` });
    flagIds.add(f.id);
    checkCondition(f.condition, `flags.${fi}.condition`);
  });
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILE_ID = /^fil_[0-9A-Z]{26}$/;

/** What is wrong with answers to a template; `requireAll` also asks every required question shown. */
export function answerProblems(
  t: TemplateContent,
  answers: Record<string, AnswerValue>,
  requireAll: boolean,
): Problem[] {
  const out: Problem[] = [];
  const byId = new Map(questions(t).map((q) => [q.id, q]));
  for (const [id, a] of Object.entries(answers)) {
    const q = byId.get(id);
    const field = `answers.${id}`;
    if (!q) {
      out.push({ field, message: 'is not a question of this questionnaire' });
      continue;
    }
    if (!hasAnswer(a)) continue;
    const optionIds = new Set((q.type === 'yes_no' ? yesNoOptions(q) : (q.options ?? [])).map((o) => o.id));
    const bad = (message: string) => out.push({ field, message });
    switch (q.type) {
      case 'info':
        bad('is guidance, not a question');
        break;
      case 'yes_no':
      case 'single_choice':
        if (typeof a !== 'string' || !optionIds.has(a)) bad(`must be one of ${[...optionIds].join(', ')}`);
        break;
      case 'multiple_choice':
        if (!Array.isArray(a) || a.some((x) => !optionIds.has(x)) || new Set(a).size !== a.length)
          bad(`must be a list of distinct options among ${[...optionIds].join(', ')}`);
        break;
      case 'number':
        if (typeof a !== 'number' || !Number.isFinite(a)) bad('must be a number');
        break;
      case 'date':
        if (typeof a !== 'string' || !DATE.test(a) || Number.isNaN(Date.parse(a)))
          bad('must be a date (YYYY-MM-DD)');
        break;
      case 'file':
        if (typeof a !== 'string' || !FILE_ID.test(a)) bad('must be the id of an uploaded file');
        break;
      case 'text':
        if (typeof a !== 'string') bad('must be text');
        break;
    }
  }
  if (requireAll) {
    const visible = visibleQuestions(t, answers);
    for (const q of questions(t))
      if (q.required && q.type !== 'info' && visible.has(q.id) && !hasAnswer(answers[q.id]))
        out.push({ field: `answers.${q.id}`, message: 'is required' });
  }
  return out;
}

/** Answers to questions no longer shown are dropped, so a hidden branch does not count. */
export function keepVisible(t: TemplateContent, answers: Record<string, AnswerValue>) {
  const visible = visibleQuestions(t, answers);
  return Object.fromEntries(Object.entries(answers).filter(([id, a]) => visible.has(id) && hasAnswer(a)));
}
