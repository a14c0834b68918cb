import { InputInvalidError } from '../../core/index.js';

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Sigma timespans: a positive integer and a unit (`30s`, `5m`, `1h`, `2d`, `1w`). */
export function parseTimespan(text: string): number {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  if (!match) throw new InputInvalidError(`invalid timespan ${JSON.stringify(text)} (expected e.g. 30s, 5m, 1h, 1d)`);
  const amount = Number(match[1]);
  if (amount <= 0) throw new InputInvalidError(`timespan must be positive, got ${JSON.stringify(text)}`);
  return amount * (units[match[2] as string] as number);
}
