import { describe, expect, it } from 'vitest';
import { humanise } from './format';
import { languageName } from './reference-data';

describe('labels people read', () => {
  it('writes enum values, tags and field names as words, acronyms in capitals', () => {
    expect(humanise('customer_service')).toBe('Customer service');
    expect(humanise('it')).toBe('IT');
    expect(humanise('it_support')).toBe('IT support');
    expect(humanise('kpis')).toBe('KPIs');
    expect(humanise('ownerId')).toBe('Owner ID');
    expect(humanise('at_least')).toBe('At least');
    expect(humanise('security_privacy')).toBe('Security privacy');
    expect(humanise('inScope')).toBe('In scope');
  });

  it('names languages by their BCP 47 tags, keeping a tag it cannot name', () => {
    // Unicode CLDR's English names (as Intl.DisplayNames and every browser give them).
    expect(['en', 'fil', 'pt-BR', 'de'].map(languageName)).toEqual([
      'English',
      'Filipino',
      'Brazilian Portuguese',
      'German',
    ]);
    expect(languageName('not a tag')).toBe('not a tag');
  });
});
