import { describe, expect, it } from 'vitest';
import {
  COUNTRY_CODES,
  Country,
  Currency,
  Email,
  isLanguageTag,
  isTimeZone,
  Language,
  ListQuery,
  TimeZone,
} from './common';

describe('Country', () => {
  it('knows every officially assigned ISO 3166-1 alpha-2 code, once', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    for (const c of COUNTRY_CODES) expect(c).toMatch(/^[A-Z]{2}$/);
  });

  it.each(['DE', 'PH', 'IN', 'US', 'AX'])('accepts %s', (c) =>
    expect(Country.safeParse(c).success).toBe(true),
  );

  it.each(['de', 'XX', 'UK', 'EU', 'DEU', '', ' DE'])('refuses %j with a helpful message', (c) => {
    const result = Country.safeParse(c);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/ISO 3166-1 alpha-2/);
  });
});

describe('TimeZone', () => {
  it.each(['Europe/Berlin', 'Asia/Manila', 'America/Argentina/Buenos_Aires', 'UTC'])('accepts %s', (z) => {
    expect(TimeZone.safeParse(z).success).toBe(true);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Berlinn', '', 'x'.repeat(65), '+25:00'])('refuses %j', (z) => {
    expect(isTimeZone(z)).toBe(false);
    expect(TimeZone.safeParse(z).error?.issues[0]?.message).toMatch(/IANA time zone/);
  });
});

describe('Currency', () => {
  it.each(['EUR', 'USD', 'PHP', 'INR', 'PLN'])('accepts %s', (c) =>
    expect(Currency.safeParse(c).success).toBe(true),
  );

  it.each(['eur', 'EURO', 'XXXX', 'ABC', ''])('refuses %j', (c) => {
    expect(Currency.safeParse(c).error?.issues[0]?.message).toMatch(/ISO 4217/);
  });
});

describe('Language', () => {
  it.each(['en', 'fil', 'pt-BR', 'zh-Hant-TW', 'sr-Latn'])('accepts %s', (l) => {
    expect(isLanguageTag(l)).toBe(true);
    expect(Language.safeParse(l).success).toBe(true);
  });

  it.each(['english', 'e', 'en_US', 'en-', '', '12', 'en--US'])('refuses %j', (l) => {
    expect(Language.safeParse(l).error?.issues[0]?.message).toMatch(/BCP 47/);
  });
});

describe('Email', () => {
  it('trims and lower-cases', () => {
    expect(Email.parse('  Olga@Example.COM ')).toBe('olga@example.com');
  });

  it('refuses what is not an address', () => {
    expect(Email.safeParse('olga@').success).toBe(false);
  });
});

describe('ListQuery', () => {
  it('defaults the limit and caps it at 200', () => {
    expect(ListQuery.parse({})).toEqual({ limit: 50 });
    expect(ListQuery.parse({ limit: '200' }).limit).toBe(200);
    expect(ListQuery.safeParse({ limit: '201' }).success).toBe(false);
    expect(ListQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
