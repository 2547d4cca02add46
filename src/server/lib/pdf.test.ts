import { describe, expect, it } from 'vitest';
import { scriptRuns } from './pdf';

describe('script runs of a PDF text', () => {
  it('leaves Latin with every diacritic, Cyrillic and Greek in the document font', () => {
    for (const text of [
      'Zażółć gęślą jaźń Łódź',
      'Tiếng Việt Đà Nẵng',
      'ООО Рога и Копыта',
      'Ελληνική Εταιρεία',
    ])
      expect(scriptRuns(text), text).toBeUndefined();
    // Decomposed Vietnamese (NFD) is composed first, so Roboto's precomposed letters draw it.
    expect(scriptRuns('Tiếng Việt'.normalize('NFD'))).toBeUndefined();
    expect(scriptRuns('\n\nŁódź\n')).toBeUndefined();
  });

  it('picks the CJK font of the text’s language, and keeps Latin in the document font', () => {
    expect(scriptRuns('株式会社テスト')).toEqual([{ text: '株式会社テスト', font: 'NotoSansJP' }]);
    expect(scriptRuns('深圳市客服有限公司')).toEqual([{ text: '深圳市客服有限公司', font: 'NotoSansSC' }]);
    expect(scriptRuns('주식회사 고객센터')).toEqual([
      { text: '주식회사', font: 'NotoSansKR' },
      { text: ' ' },
      { text: '고객센터', font: 'NotoSansKR' },
    ]);
    expect(scriptRuns('Acme 日本語サポート v2')).toEqual([
      { text: 'Acme ' },
      { text: '日本語サポート', font: 'NotoSansJP' },
      { text: ' v2' },
    ]);
  });

  it('keeps line breaks in the run they are in', () => {
    expect(scriptRuns('株式会社\nテスト')).toEqual([{ text: '株式会社\nテスト', font: 'NotoSansJP' }]);
    expect(scriptRuns('\n한국')).toEqual([{ text: '\n' }, { text: '한국', font: 'NotoSansKR' }]);
  });

  it('falls back to another CJK font for a character the first lacks', () => {
    // 们 (simplified) is not in Noto Sans JP; in a Japanese text it comes from Noto Sans SC.
    expect(scriptRuns('テスト们')).toEqual([
      { text: 'テスト', font: 'NotoSansJP' },
      { text: '们', font: 'NotoSansSC' },
    ]);
  });

  it('draws no Arabic, Hebrew, Devanagari or Thai: no embedded font has them (docs/govern.md)', () => {
    for (const text of ['شركة الكويت', 'חברה בע"מ', 'हिन्दी सेवा', 'บริษัท ไทย'])
      expect(scriptRuns(text), text).toBeUndefined();
  });
});
