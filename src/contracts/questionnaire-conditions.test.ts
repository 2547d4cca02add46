import { describe, expect, it } from 'vitest';
import { ConditionError, parseCondition } from './questionnaire-conditions';

describe('questionnaire conditions', () => {
  it('parses VSAQ conditions with precedence, and says what is wrong with bad ones', () => {
    expect(parseCondition('a || b && !c')).toEqual({
      op: 'or',
      a: { op: 'id', id: 'a', test: 'set' },
      b: {
        op: 'and',
        a: { op: 'id', id: 'b', test: 'set' },
        b: { op: 'not', a: { op: 'id', id: 'c', test: 'set' } },
      },
    });
    expect(parseCondition('^x && y/no')).toMatchObject({ a: { test: 'shown' }, b: { test: 'no' } });
    for (const bad of ['a &&', '(a', 'a b', '&& a', '^a/yes', 'a $ b'])
      expect(() => parseCondition(bad), bad).toThrow(ConditionError);
  });
});
