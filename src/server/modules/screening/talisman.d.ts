// talisman ships no typings; the one function screening uses.
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro–Winkler similarity of two strings, 0 (nothing alike) to 1 (equal); prefix scale 0.1, boost threshold 0.7. */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
