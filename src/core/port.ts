/**
 * Port numbers as every edge checks them (log ingest, intel import): an integer 0–65535, given as
 * a number or as decimal digits. Nothing is repaired: `-1`, `1e3`, `65536` and `443.5` are refused.
 */

/** Why `value` is not a port number (0–65535), or undefined when it is one. */
export function portProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 65_535
      ? undefined
      : `${String(value)} is not a port (0–65535)`;
  }
  if (typeof value === 'string' && /^\d{1,5}$/.test(value) && Number(value) <= 65_535) return undefined;
  const shown =
    typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value;
  return `${shown} is not a port (0–65535)`;
}
