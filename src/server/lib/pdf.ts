import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';

interface PdfPrinter {
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}
interface FontFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}
/** The part of a fontkit font we use: does it draw this character? */
interface Coverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const require = createRequire(import.meta.url);

/**
 * The fonts every PDF may use. Roboto (pdfmake's own) draws Latin with every diacritic Polish and
 * Vietnamese need, Cyrillic and Greek; Noto Sans JP, SC and KR (Google's, from the
 * @expo-google-fonts packages, regular and bold) draw Japanese, Chinese and Korean. pdfkit
 * embeds only the glyphs a document uses, so a CJK name adds kilobytes, not megabytes.
 */
function fontFiles(): Record<Family, FontFiles> {
  const roboto = require('pdfmake/fonts/Roboto.js').Roboto as FontFiles;
  const noto = (lang: 'jp' | 'sc' | 'kr') => {
    const name = `NotoSans${lang.toUpperCase()}`;
    const normal = require.resolve(`@expo-google-fonts/noto-sans-${lang}/400Regular/${name}_400Regular.ttf`);
    const bold = require.resolve(`@expo-google-fonts/noto-sans-${lang}/700Bold/${name}_700Bold.ttf`);
    // No italic cut exists for CJK: italic text stays upright, as CJK typesetting does.
    return { normal, bold, italics: normal, bolditalics: bold };
  };
  return { Roboto: roboto, NotoSansJP: noto('jp'), NotoSansSC: noto('sc'), NotoSansKR: noto('kr') };
}

type Family = 'Roboto' | 'NotoSansJP' | 'NotoSansSC' | 'NotoSansKR';
type Cjk = Exclude<Family, 'Roboto'>;

let printer: PdfPrinter | null = null;
let coverage: Record<Family, Coverage> | null = null;

/**
 * pdfmake with the embedded fonts, loaded on first use. Our documents refer to no URL and to no
 * local file but the embedded fonts, so pdfmake may read those fonts and nothing else.
 */
function pdfmake(): PdfPrinter {
  if (printer) return printer;
  const instance = require('pdfmake');
  const fonts = fontFiles();
  instance.addFonts(fonts);
  const allowed = new Set(Object.values(fonts).flatMap((f) => Object.values(f)));
  instance.setUrlAccessPolicy?.(() => false);
  instance.setLocalAccessPolicy?.((path: string) => allowed.has(path));
  printer = instance as PdfPrinter;
  return printer;
}

/** Which characters each font draws (its cmap), read once from the regular cut. */
function fontCoverage(): Record<Family, Coverage> {
  if (coverage) return coverage;
  const fontkit = require('fontkit') as { create(buffer: Buffer): Coverage };
  const files = fontFiles();
  const open = (f: Family) => fontkit.create(readFileSync(files[f].normal));
  coverage = {
    Roboto: open('Roboto'),
    NotoSansJP: open('NotoSansJP'),
    NotoSansSC: open('NotoSansSC'),
    NotoSansKR: open('NotoSansKR'),
  };
  return coverage;
}

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/u;
/** Anything Roboto may not draw: past Greek and Cyrillic, Latin Extended Additional aside. */
const BEYOND_ROBOTO = /[^\u0020-\u052f\u1e00-\u1fff\u2000-\u206f\u20a0-\u20cf\u2100-\u218f\u2190-\u21ff]/u;

/**
 * The order in which CJK fonts are tried for a text: the one of its language first — Japanese
 * when it has kana, Korean when it has Hangul, Chinese otherwise — since the three draw the same
 * Han character in their own way (直, 骨, 曜 differ).
 */
function cjkOrder(text: string): Cjk[] {
  if (KANA.test(text)) return ['NotoSansJP', 'NotoSansSC', 'NotoSansKR'];
  if (HANGUL.test(text)) return ['NotoSansKR', 'NotoSansJP', 'NotoSansSC'];
  return ['NotoSansSC', 'NotoSansJP', 'NotoSansKR'];
}

/**
 * A text as runs of one font each: Roboto where it has the glyph, else the first CJK font (in
 * the text's language order) that has it; a character no font draws (Arabic, Hebrew, Devanagari,
 * Thai, emoji…) stays in the run it is in (see docs/govern.md#pdf-scripts). Combining marks stay
 * with their base letter, line breaks with the text before. Undefined when Roboto draws everything, the usual case.
 */
export function scriptRuns(text: string): Array<{ text: string; font?: Family }> | undefined {
  const normalised = text.normalize('NFC');
  if (!BEYOND_ROBOTO.test(normalised)) return undefined;
  const fonts = fontCoverage();
  const order = cjkOrder(normalised);
  const runs: Array<{ text: string; font: Family }> = [];
  for (const ch of normalised) {
    const cp = ch.codePointAt(0)!;
    const last = runs.at(-1);
    let font: Family | undefined;
    if (/[\p{M}\p{Cc}]/u.test(ch) && last) font = last.font;
    else if (/\p{Cc}/u.test(ch)) font = 'Roboto';
    else if (fonts.Roboto.hasGlyphForCodePoint(cp)) font = 'Roboto';
    else font = order.find((f) => fonts[f].hasGlyphForCodePoint(cp)) ?? last?.font ?? 'Roboto';
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  if (runs.every((r) => r.font === 'Roboto')) return undefined;
  // Roboto runs name no font, so they keep the document's (or the node's) own.
  return runs.map((r) => (r.font === 'Roboto' ? { text: r.text } : r));
}

type Node = Content | Record<string, unknown>;

/** Inline text (a string or `{ text, …style }`) as inline pieces, split by font where needed. */
function inline(item: unknown): unknown[] {
  if (typeof item === 'string') return scriptRuns(item) ?? [item];
  if (item && typeof item === 'object' && typeof (item as { text?: unknown }).text === 'string') {
    const runs = scriptRuns((item as { text: string }).text);
    return runs ? runs.map((r) => ({ ...item, ...r })) : [item];
  }
  return [withScripts(item as Node)];
}

/**
 * A document part with every text split into font runs (`scriptRuns`), however deep: paragraphs,
 * inline arrays, stacks, columns, lists and table cells.
 */
function withScripts(node: Node): Node {
  if (typeof node === 'string') {
    const runs = scriptRuns(node);
    return runs ? { text: runs } : node;
  }
  if (Array.isArray(node)) return node.map((n) => withScripts(n as Node)) as Content;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  const text = out.text;
  if (typeof text === 'string') {
    const runs = scriptRuns(text);
    if (runs) out.text = runs;
  } else if (Array.isArray(text)) out.text = text.flatMap(inline);
  else if (text && typeof text === 'object') out.text = withScripts(text as Node);
  for (const key of ['stack', 'columns', 'ul', 'ol'] as const)
    if (Array.isArray(out[key])) out[key] = (out[key] as Node[]).map(withScripts);
  const table = out.table as { body?: Node[][] } | undefined;
  if (table?.body) out.table = { ...table, body: table.body.map((row) => row.map(withScripts)) };
  return out as Node;
}

/** Header, footer and background may be functions of the page: split what they return. */
function dynamic<T>(part: T): T {
  if (typeof part === 'function')
    return ((...args: unknown[]) => withScripts((part as (...a: unknown[]) => Node)(...args))) as T;
  return (part === undefined ? part : withScripts(part as Node)) as T;
}

/** Render a document definition to PDF bytes, every script in a font that draws it. */
export const renderPdfDocument = (definition: TDocumentDefinitions): Promise<Buffer> =>
  pdfmake()
    .createPdf({
      ...definition,
      content: withScripts(definition.content as Node) as Content,
      header: dynamic(definition.header),
      footer: dynamic(definition.footer),
    })
    .getBuffer();
