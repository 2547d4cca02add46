/** The pure rules every personal-data holder shares: what erased values become, and reading a JSON column leniently. */

/** A JSON column read while exporting or erasing: what cannot be parsed counts as the fallback. */
export function parseOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** What erased names become, everywhere. */
export const ERASED_NAME = 'Erased person';
/** An address that cannot receive mail (RFC 2606 `.invalid`) and stays unique per record. */
export const erasedEmail = (recordId: string) => `erased-${recordId.toLowerCase()}@erased.invalid`;
