/** `customer_service` → "Customer service": an enum value as a label. */
export function humanise(value: string): string {
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
