/** `customer_service` → "Customer service": an enum value as a label. */
export function humanise(value: string): string {
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Enum values as the options of a select, each labelled by `humanise`. */
export function humanOptions(values: readonly string[]): Array<{ value: string; label: string }> {
  return values.map((value) => ({ value, label: humanise(value) }));
}

/**
 * A link the API answered, as people can copy it: the API gives an absolute address only when the
 * server knows its public address (OUTPOST_PUBLIC_URL), else a path, which is completed here with the
 * address bar's origin, the one thing the browser knows for sure.
 */
export const absoluteLink = (urlOrPath: string) => new URL(urlOrPath, window.location.origin).href;
