import { classifyObservable, type Indicator, refang } from '../../core/index.js';
import { normalizeValue } from '../matching/normalize-value.js';
import { uuidV5 } from '../stix/uuid-v5.js';

/** A line of an IOC list that is not a recognisable value. */
export interface IocLineProblem {
  line: number;
  reason: string;
}

/** Namespace for ids of indicators read from plain lists (UUIDv5 of `type:value`). */
const iocListNamespace = 'b4c9c1a2-58e5-4f55-8c0e-6f2d1b6d7e11';

/**
 * Reads a plain IOC list: one value per line, `#` comments and blank lines
 * skipped, defanged forms refanged, type guessed from the value's shape. The id
 * is deterministic in the value, so the same IOC in two lists is one indicator.
 */
export function parseIocList(
  text: string,
  source: string,
  options: { confidence?: number } = {},
): { indicators: Indicator[]; problems: IocLineProblem[] } {
  const indicators: Indicator[] = [];
  const problems: IocLineProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const comment = /\s#/.exec(raw);
    const trimmed = (comment ? raw.slice(0, comment.index) : raw).trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    const value = refang(trimmed);
    const type = classifyObservable(value);
    if (!type) {
      problems.push({
        line: index + 1,
        reason: `not a recognisable indicator value: ${JSON.stringify(trimmed.slice(0, 120))}`,
      });
      return;
    }
    const normalized = normalizeValue(type, value) ?? value;
    indicators.push({
      id: `indicator--${uuidV5(`${type}:${normalized}`, iocListNamespace)}`,
      type,
      value,
      confidence: options.confidence ?? 50,
      revoked: false,
      source,
      tlp: 'clear',
      labels: [],
      techniques: [],
    });
  });
  return { indicators, problems };
}
