/**
 * Compiles Sigma `re` values once. Patterns that can backtrack catastrophically (a quantified
 * group that itself contains a quantifier, or a backreference) run on re2js, a linear-time RE2
 * port; patterns RE2 cannot express are refused. Everything else runs on V8's own engine.
 */
import { RE2JS } from 're2js';
import type { StringPredicate } from './glob-matcher.js';

export interface RegexFlags {
  caseInsensitive: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export interface CompiledRegex {
  readonly test: StringPredicate;
  readonly engine: 'native' | 'linear';
}

export class RegexRefusedError extends Error {}

const inlineFlags = /^\(\?([imsx]+)\)/;

export function compileRegex(source: string, flags: RegexFlags): CompiledRegex {
  let pattern = source;
  const merged = { ...flags };
  const inline = inlineFlags.exec(pattern);
  if (inline) {
    const letters = inline[1] as string;
    if (letters.includes('x')) throw new RegexRefusedError('inline flag (?x) (verbose regex) is not supported');
    merged.caseInsensitive ||= letters.includes('i');
    merged.multiline ||= letters.includes('m');
    merged.dotAll ||= letters.includes('s');
    pattern = pattern.slice(inline[0].length);
  }
  const unsupported = findUnsupportedGroup(pattern);
  if (unsupported) throw new RegexRefusedError(`unsupported regex syntax ${unsupported}`);
  const translated = pattern
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$')
    .replace(/\\z/g, '$');
  if (isBacktrackingProne(translated)) return compileLinear(pattern, merged);
  let expression: RegExp;
  try {
    expression = new RegExp(
      translated,
      `${merged.caseInsensitive ? 'i' : ''}${merged.multiline ? 'm' : ''}${merged.dotAll ? 's' : ''}`,
    );
  } catch (error) {
    throw new RegexRefusedError(`invalid regular expression: ${(error as Error).message}`);
  }
  return { test: (text) => expression.test(text), engine: 'native' };
}

function compileLinear(pattern: string, flags: RegexFlags): CompiledRegex {
  let linear: RE2JS;
  try {
    linear = RE2JS.compile(
      pattern,
      (flags.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.multiline ? RE2JS.MULTILINE : 0) |
        (flags.dotAll ? RE2JS.DOTALL : 0),
    );
  } catch (error) {
    throw new RegexRefusedError(
      `regular expression may backtrack catastrophically and the linear-time engine rejects it: ${(error as Error).message}`,
    );
  }
  return { test: (text) => linear.test(text), engine: 'linear' };
}

/**
 * True when a group that is repeated without a small bound contains a quantifier itself
 * (star height above one, as in `(a+)+` or `(\w+\s?)*`), or when the pattern uses backreferences.
 */
export function isBacktrackingProne(pattern: string): boolean {
  if (/\\[1-9]|\\k</.test(pattern)) return true;
  const groupHasQuantifier: boolean[] = [];
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
    else if (character === '(') groupHasQuantifier.push(false);
    else if (character === ')') {
      const inner = groupHasQuantifier.pop() ?? false;
      const quantifier = readQuantifier(pattern, index + 1);
      if (inner && quantifier === 'unbounded') return true;
      if ((inner || quantifier !== 'none') && groupHasQuantifier.length > 0) {
        groupHasQuantifier[groupHasQuantifier.length - 1] = true;
      }
    } else if (groupHasQuantifier.length > 0 && readQuantifier(pattern, index) !== 'none') {
      groupHasQuantifier[groupHasQuantifier.length - 1] = true;
    }
  }
  return false;
}

const supportedGroupOpeners = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_]|P<|P=)/;

/** Finds group syntax JavaScript lacks: scoped flags `(?i:...)`, atomic groups `(?>...)`, conditionals. */
function findUnsupportedGroup(pattern: string): string | undefined {
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
    else if (character === '(' && pattern[index + 1] === '?') {
      const opener = pattern.slice(index, index + 4);
      if (!supportedGroupOpeners.test(pattern.slice(index, index + 5))) return `'${opener}...' (group type)`;
    } else if ((character === '*' || character === '+' || character === '}') && pattern[index + 1] === '+') {
      return `'${character}+' (possessive quantifier)`;
    }
  }
  return undefined;
}

function readQuantifier(pattern: string, index: number): 'none' | 'bounded' | 'unbounded' {
  const character = pattern[index];
  if (character === '*' || character === '+') return 'unbounded';
  if (character === '?') return pattern[index - 1] === '(' ? 'none' : 'bounded';
  if (character === '{') {
    const match = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(index));
    if (!match) return 'none';
    if (match[2] === ',' && match[3] === '') return 'unbounded';
    return Number(match[3] || match[1]) > 16 ? 'unbounded' : 'bounded';
  }
  return 'none';
}
