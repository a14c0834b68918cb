/**
 * A command line or script as the separate commands it runs: lines, then `&&`, `||`, `;` and
 * `&` separators (cmd and POSIX shells, PowerShell). Inference classifies each command on its
 * own, so one telling command is not diluted by the set-up around it. Linear in the text;
 * bounded in count and length.
 */
import { trimCharacters } from '../../guard/index.js';

const separators = /\r?\n|&&|\|\||;|(?<![\w>])&(?![\w>])/;

export interface StatementLimits {
  /** Statements kept. Default 24. */
  maxStatements?: number;
  /** Characters kept per statement. Default 600. */
  maxLength?: number;
  /** Text read. Default 20,000 characters. */
  maxText?: number;
}

/** Words of two or more letters or digits: what makes a statement worth classifying. */
const informative = (statement: string) => (statement.match(/[a-z0-9]{2,}/gi) ?? []).length >= 2;

export function commandStatements(text: string, limits: StatementLimits = {}): string[] {
  const maxStatements = limits.maxStatements ?? 24;
  const maxLength = limits.maxLength ?? 600;
  const statements: string[] = [];
  const seen = new Set<string>();
  for (const part of text.slice(0, limits.maxText ?? 20_000).split(separators)) {
    const statement = trimCharacters(part, '{}()', { side: 'both', whitespace: true }).slice(0, maxLength);
    if (statement.length < 4 || !informative(statement) || seen.has(statement.toLowerCase())) continue;
    seen.add(statement.toLowerCase());
    statements.push(statement);
    if (statements.length >= maxStatements) break;
  }
  return statements;
}
