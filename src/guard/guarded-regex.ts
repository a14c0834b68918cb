/**
 * The one way Vigil runs a regular expression over attacker-written text (Sigma `re`, STIX
 * `MATCHES` and `LIKE`, MISP regex attributes turned into patterns, playbook and mapping
 * expressions). Patterns are written in the PCRE dialect those formats use.
 *
 * - Whatever RE2 can express runs on re2js, a linear-time engine: no backtracking, so `(a+)+$`,
 *   `(a|a)+$` and `(a+){2,16}$` cost the same as `a+$`.
 * - What RE2 cannot express (lookarounds) runs on V8's engine only when it is provably tame: no
 *   quantified group, no backreference, at most one unbounded quantifier; everything else is refused.
 * - The last line is a per-match step budget: a subject whose worst-case cost (program size ×
 *   length on the linear engine, length² on the native one) exceeds it is not matched; the
 *   expression counts those in `overBudget` so callers can report them.
 */
import { RE2JS } from 're2js';
import { UnsupportedError } from '../core/index.js';

export interface GuardedRegexOptions {
  caseInsensitive?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
  /** Worst-case steps one match may take; default 20 million (about 0.1 s on one core). */
  stepBudget?: number;
}

export interface GuardedRegex {
  readonly source: string;
  readonly engine: 'linear' | 'native';
  /** True when the pattern occurs anywhere in `text` (false when the subject is over budget). */
  test(text: string): boolean;
  /** The first match and its groups (a group that took no part is undefined), as `RegExp.exec` gives them. */
  exec(text: string): (string | undefined)[] | undefined;
  /** Every match, left to right and not overlapping, as `text.matchAll(/…/g)` gives them (whole matches only). */
  matches(text: string): string[];
  /**
   * `text.replace(/…/g, replace)`: every match, left to right, replaced by what `replace` makes of its
   * groups (index 0 the whole match; a group that took no part is undefined). Over budget: `text` unchanged.
   */
  replace(text: string, replace: (groups: (string | undefined)[]) => string): string;
  /** Subjects refused by the step budget so far. */
  readonly overBudget: number;
}

/** A pattern Vigil will not run: malformed, or neither linear nor provably tame. */
export class RegexRefusedError extends UnsupportedError {
  constructor(message: string) {
    super(message);
    this.name = 'RegexRefusedError';
  }
}

export const defaultRegexStepBudget = 20_000_000;

const inlineFlags = /^\(\?([imsx]+)\)/;

/** Compiles a PCRE-dialect pattern under the guarantees above; throws RegexRefusedError. */
export function compileGuardedRegex(source: string, options: GuardedRegexOptions = {}): GuardedRegex {
  let pattern = source;
  const flags = {
    caseInsensitive: options.caseInsensitive ?? false,
    multiline: options.multiline ?? false,
    dotAll: options.dotAll ?? false,
  };
  const inline = inlineFlags.exec(pattern);
  if (inline) {
    const letters = inline[1] as string;
    if (letters.includes('x')) throw new RegexRefusedError('inline flag (?x) (verbose regex) is not supported');
    flags.caseInsensitive ||= letters.includes('i');
    flags.multiline ||= letters.includes('m');
    flags.dotAll ||= letters.includes('s');
    pattern = pattern.slice(inline[0].length);
  }
  const budget = options.stepBudget ?? defaultRegexStepBudget;
  const linear = compileLinear(pattern, flags);
  if (linear)
    return budgeted(source, 'linear', linear.programSize(), budget, {
      test: (text) => linear.test(text),
      exec: (text) => {
        if (!linear.test(text)) return undefined;
        const matcher = linear.matcher(text);
        if (!matcher.find()) return undefined;
        return Array.from({ length: linear.groupCount() + 1 }, (_, group) => matcher.group(group) ?? undefined);
      },
      matches: (text) => {
        const matcher = linear.matcher(text);
        const found: string[] = [];
        while (matcher.find()) found.push(matcher.group(0) ?? '');
        return found;
      },
      replace: (text, replace) => {
        // The plain test runs on a DFA, many times faster than the group-tracking search below.
        if (!linear.test(text)) return text;
        const matcher = linear.matcher(text);
        let result = '';
        let kept = 0;
        while (matcher.find()) {
          const groups = Array.from(
            { length: linear.groupCount() + 1 },
            (_, group) => matcher.group(group) ?? undefined,
          );
          result += text.slice(kept, matcher.start(0)) + replace(groups);
          kept = matcher.end(0);
        }
        return result + text.slice(kept);
      },
    });
  const native = compileNative(pattern, flags);
  return budgeted(source, 'native', 0, budget, {
    test: (text) => native.test(text),
    exec: (text) => native.exec(text)?.map((group) => group ?? undefined),
    matches: (text) => [...text.matchAll(new RegExp(native.source, `${native.flags}g`))].map((match) => match[0]),
    replace: (text, replace) =>
      text.replace(new RegExp(native.source, `${native.flags}g`), (...found: unknown[]) => {
        const groupCount = found.findIndex((item) => typeof item === 'number');
        return replace(found.slice(0, groupCount) as (string | undefined)[]);
      }),
  });
}

function budgeted(
  source: string,
  engine: GuardedRegex['engine'],
  programSize: number,
  budget: number,
  run: Pick<GuardedRegex, 'test' | 'exec' | 'matches' | 'replace'>,
): GuardedRegex {
  let overBudget = 0;
  const cost = (length: number) => (engine === 'linear' ? programSize * (length + 1) : (length + 1) ** 2);
  return {
    source,
    engine,
    get overBudget() {
      return overBudget;
    },
    test(text) {
      if (cost(text.length) > budget) {
        overBudget++;
        return false;
      }
      return run.test(text);
    },
    exec(text) {
      if (cost(text.length) > budget) {
        overBudget++;
        return undefined;
      }
      return run.exec(text);
    },
    matches(text) {
      if (cost(text.length) > budget) {
        overBudget++;
        return [];
      }
      return run.matches(text);
    },
    replace(text, replace) {
      if (cost(text.length) > budget) {
        overBudget++;
        return text;
      }
      return run.replace(text, replace);
    },
  };
}

function compileLinear(pattern: string, flags: Required<Omit<GuardedRegexOptions, 'stepBudget'>>): RE2JS | undefined {
  const translated = replaceEscapes(pattern, { Z: '\\z' });
  try {
    return RE2JS.compile(
      translated,
      (flags.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.multiline ? RE2JS.MULTILINE : 0) |
        (flags.dotAll ? RE2JS.DOTALL : 0),
    );
  } catch {
    return undefined;
  }
}

function compileNative(pattern: string, flags: Required<Omit<GuardedRegexOptions, 'stepBudget'>>): RegExp {
  const unsafe = whyNotTame(pattern);
  if (unsafe) throw new RegexRefusedError(`the linear-time engine cannot run this pattern and it ${unsafe}`);
  const translated = replaceEscapes(pattern.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>'), { A: '^', Z: '$', z: '$' });
  const letters = `${flags.caseInsensitive ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  try {
    return new RegExp(translated, `${letters}u`);
  } catch {
    try {
      return new RegExp(translated, letters);
    } catch (error) {
      throw new RegexRefusedError(`invalid regular expression: ${(error as Error).message}`);
    }
  }
}

/**
 * Why V8's backtracking engine might take more than quadratic time on the pattern, or undefined
 * when it cannot: no backreference, no atomic/conditional/possessive syntax, no quantifier on a
 * group, at most one unbounded quantifier (so a search is at worst quadratic in the subject).
 */
export function whyNotTame(pattern: string): string | undefined {
  if (/\\[1-9]|\\k<|\(\?P=/.test(pattern)) return 'uses a backreference';
  let unbounded = 0;
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\') {
      index++;
      continue;
    }
    if (inClass) {
      if (character === ']') inClass = false;
      continue;
    }
    if (character === '[') inClass = true;
    else if (
      character === '(' &&
      pattern[index + 1] === '?' &&
      !/^\(\?(?::|=|!|<=|<!|<[A-Za-z_]|P<)/.test(pattern.slice(index, index + 4))
    )
      return `uses unsupported group syntax '${pattern.slice(index, index + 3)}...'`;
    else if (character === ')' && quantifierAt(pattern, index + 1) !== 'none') return 'repeats a group';
    else if (character === '*' || character === '+' || character === '{' || character === '?') {
      const kind = quantifierAt(pattern, index);
      if (kind === 'none') continue;
      if (pattern[index + 1] === '+') return 'uses a possessive quantifier';
      if (kind === 'unbounded') unbounded++;
      if (character === '{') index = pattern.indexOf('}', index);
    }
  }
  if (unbounded > 1) return 'has more than one unbounded quantifier';
  return undefined;
}

function quantifierAt(pattern: string, index: number): 'none' | 'bounded' | 'unbounded' {
  const character = pattern[index];
  if (character === '*' || character === '+') return 'unbounded';
  if (character === '?') return pattern[index - 1] === '(' ? 'none' : 'bounded';
  if (character === '{') {
    const match = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(index));
    if (!match) return 'none';
    return match[2] === ',' && match[3] === '' ? 'unbounded' : 'bounded';
  }
  return 'none';
}

/** Replaces escapes such as `\\Z` (never an escaped backslash followed by `Z`). */
function replaceEscapes(pattern: string, replacements: Record<string, string>): string {
  let result = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] as string;
    if (character !== '\\' || index + 1 >= pattern.length) {
      result += character;
      continue;
    }
    const next = pattern[++index] as string;
    result += replacements[next] ?? `\\${next}`;
  }
  return result;
}

/** Escapes text so it matches literally inside a guarded pattern. */
export const escapeRegexText = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
