import { type Cond, ConditionError, parseCondition } from '../../../contracts/questionnaire-conditions';

/**
 * A question's condition in words, with each question by its text: `enc_at_rest/yes && !cloud`
 * → "“Do you encrypt data at rest?” is Yes and “Do you use a cloud provider?” is not answered".
 * Null for no condition or one that does not parse (the field shows the parser's error instead).
 */
export function describeCondition(condition: string | null, textOf: (id: string) => string | undefined) {
  if (!condition?.trim()) return null;
  let parsed: Cond;
  try {
    parsed = parseCondition(condition);
  } catch (error) {
    if (error instanceof ConditionError) return null;
    throw error;
  }
  const name = (id: string) => `“${textOf(id) ?? id}”`;
  const say = (c: Cond, negated = false): string => {
    switch (c.op) {
      case 'const':
        return c.value !== negated ? 'always' : 'never';
      case 'id': {
        const is = negated ? 'is not' : 'is';
        if (c.test === 'yes') return `${name(c.id)} ${is} Yes`;
        if (c.test === 'no') return `${name(c.id)} ${is} No`;
        if (c.test === 'shown') return `${name(c.id)} ${is} shown`;
        return `${name(c.id)} ${is} answered`;
      }
      case 'not':
        return say(c.a, !negated);
      case 'and':
      case 'or': {
        const part = (x: Cond) =>
          (x.op === 'and' || x.op === 'or') && x.op !== c.op ? `(${say(x)})` : say(x);
        const text = `${part(c.a)} ${c.op} ${part(c.b)}`;
        return negated ? `not (${text})` : text;
      }
    }
  };
  return `Shown when ${say(parsed)}.`;
}
