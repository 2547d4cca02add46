import { describe, expect, it } from 'vitest';
import { asciiFileName, attachment, fileNamePart } from './download';

describe('download names', () => {
  it('writes an RFC 6266 Content-Disposition with an ASCII stand-in and the UTF-8 name', () => {
    expect(attachment('Angebot "final" Köln.pdf')).toBe(
      `attachment; filename="Angebot _final_ Koln.pdf"; filename*=UTF-8''Angebot%20%22final%22%20K%C3%B6ln.pdf`,
    );
    expect(attachment('vendors.csv')).toBe(
      `attachment; filename="vendors.csv"; filename*=UTF-8''vendors.csv`,
    );
  });

  it('spells diacritics out in the stand-in, and uses the fallback when no letter is left', () => {
    expect(asciiFileName('Payroll-for-Poland-Łódź-v1.pdf')).toBe('Payroll-for-Poland-Lodz-v1.pdf');
    expect(asciiFileName('Tiếng Việt Đà Nẵng.csv')).toBe('Tieng Viet Da Nang.csv');
    expect(asciiFileName('Straße Ærø.pdf')).toBe('Strasse AEro.pdf');
    expect(asciiFileName('日本語サポート-v1.pdf', 'sow')).toBe('sow-v1.pdf');
    expect(asciiFileName('日本語サポート.pdf', 'sow')).toBe('sow.pdf');
    expect(asciiFileName('qbr-日本-2027-Q1.pdf')).toBe('qbr-_-2027-Q1.pdf');
    expect(asciiFileName('100%\\"x".txt')).toBe('100_x_.txt');
  });

  it('keeps letters of every script in a file name part and joins the rest with -', () => {
    expect(fileNamePart('Payroll for Poland, Łódź', 'x')).toBe('Payroll-for-Poland-Łódź');
    expect(fileNamePart('日本語サポート', 'x')).toBe('日本語サポート');
    expect(fileNamePart('Dział Usługi Sp. z o.o.', 'x')).toBe('Dział-Usługi-Sp-z-o-o');
    expect(fileNamePart('../../', 'vendor')).toBe('vendor');
    expect([...fileNamePart('é'.repeat(200), 'x')]).toHaveLength(80);
  });
});
