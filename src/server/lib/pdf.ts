import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

interface PdfPrinter {
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let printer: PdfPrinter | null = null;

/**
 * pdfmake with the embedded Roboto, loaded on first use. Our documents refer to no URL and to no
 * local file but the embedded fonts, so pdfmake may read those fonts and nothing else.
 */
function pdfmake(): PdfPrinter {
  if (printer) return printer;
  const require = createRequire(import.meta.url);
  const instance = require('pdfmake');
  const fonts = require('pdfmake/fonts/Roboto.js');
  instance.addFonts(fonts);
  const allowed = new Set(Object.values(fonts.Roboto as Record<string, string>));
  instance.setUrlAccessPolicy?.(() => false);
  instance.setLocalAccessPolicy?.((path: string) => allowed.has(path));
  printer = instance as PdfPrinter;
  return printer;
}

/** Render a document definition to PDF bytes. */
export const renderPdfDocument = (definition: TDocumentDefinitions): Promise<Buffer> =>
  pdfmake().createPdf(definition).getBuffer();
