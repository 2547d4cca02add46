/** `customer_service` → "Customer service": an enum value as a label. */
export function humanise(value: string): string {
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Enum values as the options of a select, each labelled by `humanise`. */
export function humanOptions(values: readonly string[]): Array<{ value: string; label: string }> {
  return values.map((value) => ({ value, label: humanise(value) }));
}
