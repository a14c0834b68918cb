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

/**
 * A program run on its own, with at most two-letter switches (`whoami`, `systeminfo`, `arp -a`,
 * `tasklist /v`): one word, but a whole command. Shell built-ins that do nothing telling on their
 * own (`exit`, `pause`, `cls`) are not.
 */
const bareProgram = /^[a-z][a-z0-9_-]{1,40}(?:\.exe)?(?:\s+[-/][a-z0-9?]{1,2})*$/i;
const builtins = new Set(
  'exit pause cls clear echo fi done then else end return break continue true false wait logout quit'.split(' '),
);
export function isBareProgram(statement: string): boolean {
  if (!bareProgram.test(statement)) return false;
  const program = statement.split(/[\s.]/, 1)[0]!.toLowerCase();
  return !builtins.has(program);
}

/** Words of two or more letters or digits (or one program run on its own): what makes a statement worth classifying. */
const informative = (statement: string) =>
  (statement.match(/[a-z0-9]{2,}/gi) ?? []).length >= 2 || isBareProgram(statement);

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
