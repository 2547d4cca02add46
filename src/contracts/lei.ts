/**
 * Legal Entity Identifiers (ISO 17442): 18 alphanumeric characters (the LOU prefix, two reserved
 * characters, the entity part) and two check digits by ISO 7064 MOD 97-10, the scheme IBANs use:
 * letters count as 10 (A) to 35 (Z), and the whole code read as one number leaves 1 modulo 97.
 * Pure and zod-free, so the web form checks as the server does.
 */

const SHAPE = /^[0-9A-Z]{18}[0-9]{2}$/;

/** The remainder modulo 97 of a code with each letter spelled as its two-digit number (A = 10). */
function mod97(code: string): number {
  let rest = 0;
  for (const ch of code) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/** The two check digits of an 18-character LEI prefix. */
export function leiCheckDigits(prefix: string): string {
  return String(98 - mod97(`${prefix}00`)).padStart(2, '0');
}

/** Whether a text is a well-formed LEI whose check digits hold (ISO 17442, ISO 7064 MOD 97-10). */
export function isLei(text: string): boolean {
  return SHAPE.test(text) && mod97(text) === 1;
}

/** What is wrong with an LEI, or null. */
export function leiProblem(text: string): string | null {
  if (!SHAPE.test(text)) return 'must be 20 characters: 18 letters or digits and 2 check digits';
  if (mod97(text) !== 1) return 'has wrong check digits (ISO 17442)';
  return null;
}
