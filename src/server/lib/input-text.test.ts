import { describe, expect, it } from 'vitest';
import { inputProblem, lineProblem, MAX_NESTING, textProblem } from './input-text';

/** A deterministic stream of UTF-16 code units, surrogates and NUL often among them. */
function* strings(count: number) {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const units = [0x61, 0x00, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0xfffd, 0x0a];
  for (let i = 0; i < count; i++) {
    const length = next() % 6;
    yield String.fromCharCode(...Array.from({ length }, () => units[next() % units.length]!));
  }
}

describe('textProblem', () => {
  it('agrees with String.prototype.isWellFormed about lone surrogates, and finds every NUL', () => {
    for (const s of strings(20_000)) {
      const wellFormed = (s as unknown as { isWellFormed(): boolean }).isWellFormed();
      const problem = textProblem(s);
      const nul = s.includes('\u0000');
      if (nul && wellFormed) expect(problem, JSON.stringify(s)).toMatch(/NUL/);
      else if (!nul && !wellFormed) expect(problem, JSON.stringify(s)).toMatch(/surrogate/);
      else if (nul) expect(problem, JSON.stringify(s)).toMatch(/NUL|surrogate/);
      else expect(problem, JSON.stringify(s)).toBeNull();
    }
  });
});

describe('lineProblem', () => {
  it('names the line of the first unstorable character, counting CRLF, CR and LF once each', () => {
    expect(lineProblem('a\r\nb\rc\nd\u0000')).toMatchObject({ line: 4 });
    expect(lineProblem('😀\n\udc00')).toMatchObject({ line: 2, message: expect.stringMatching(/surrogate/) });
    expect(lineProblem('fine\n')).toBeNull();
  });
});

describe('inputProblem', () => {
  const nested = (depth: number) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
    return value;
  };

  it('takes nesting up to the limit and refuses one level more, naming the top field', () => {
    expect(inputProblem({ f: nested(MAX_NESTING - 1) })).toBeNull();
    expect(inputProblem({ f: nested(MAX_NESTING) })).toEqual({
      path: ['f'],
      message: expect.stringMatching(/nested more than/),
    });
    expect(inputProblem(nested(100_000))?.path).toHaveLength(1);
  });

  it('names the first bad value or key in document order, and leaves streams and buffers alone', () => {
    expect(inputProblem({ a: 'ok', b: [{ c: 'x\u0000' }], d: '\u0000' })?.path).toEqual(['b', '0', 'c']);
    expect(inputProblem({ a: { 'k\u0000': 1 } })).toEqual({
      path: ['a'],
      message: expect.stringMatching(/^has a field name that contains a NUL/),
    });
    expect(inputProblem(Object.assign(Object.create(null), { q: '\ud800' }))?.path).toEqual(['q']);
    expect(inputProblem(Buffer.from([0, 0]))).toBeNull();
    expect(inputProblem(undefined)).toBeNull();
  });
});
