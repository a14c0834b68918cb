/**
 * Vigil's own fixed patterns that `whyNotLinear` cannot prove linear on V8, run on the linear
 * engine instead, with JavaScript's meaning kept: RE2 reads `\s` as ASCII white space and `.` as
 * "not a newline", JavaScript as Unicode white space and "not a line terminator", so both are spelled
 * out before compiling. (Case folding differs only for `ſ` and the Kelvin sign, which RE2 folds to
 * `s` and `k`.) No step budget: the engine's time is linear in the subject.
 */
import { compileGuardedRegex, type GuardedRegex, RegexRefusedError } from './guarded-regex.js';

const whiteSpace = String.raw`\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;
const lineTerminators = String.raw`\n\r\x{2028}\x{2029}`;

/** Compiles a JavaScript-dialect pattern (no lookaround, no backreference) on the linear engine; throws RegexRefusedError. */
export function compileLinearRegex(source: string, options: { caseInsensitive?: boolean } = {}): GuardedRegex {
  const regex = compileGuardedRegex(javascriptMeaning(source), {
    caseInsensitive: options.caseInsensitive ?? false,
    stepBudget: Number.POSITIVE_INFINITY,
  });
  if (regex.engine !== 'linear') throw new RegexRefusedError(`the linear engine cannot run /${source}/`);
  return regex;
}

function javascriptMeaning(source: string): string {
  let result = '';
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index] as string;
    if (character === '\\') {
      const next = source[++index] ?? '';
      if (next === 's') result += inClass ? whiteSpace : `[${whiteSpace}]`;
      else if (next === 'S' && !inClass) result += `[^${whiteSpace}]`;
      else if (next === 'S') throw new RegexRefusedError(`\\S inside a class is not supported: /${source}/`);
      else result += `\\${next}`;
      continue;
    }
    if (inClass && character === ']') inClass = false;
    else if (!inClass && character === '[') inClass = true;
    if (!inClass && character === '.') result += `[^${lineTerminators}]`;
    else result += character;
  }
  return result;
}
