import { z } from 'zod';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `30m`, `4h`, `2d` (or a number of milliseconds) into milliseconds; undefined when malformed. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : undefined;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * units[match[2]!]!;
}

/** A duration field of a YAML file: `4h` or milliseconds, parsed to milliseconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, context) => {
  const parsed = parseDuration(value);
  if (parsed === undefined) {
    context.addIssue({ code: 'custom', message: `not a duration: ${String(value)} (write e.g. 90s, 30m, 4h, 2d)` });
    return z.NEVER;
  }
  return parsed;
});
