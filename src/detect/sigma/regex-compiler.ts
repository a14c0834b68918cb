/**
 * Compiles Sigma `re` values once, through the guarded-regex facility every stage shares: RE2
 * syntax runs on the linear-time engine, tame lookarounds on V8's, anything else is refused.
 */
import { compileGuardedRegex, RegexRefusedError } from '../../guard/index.js';
import type { StringPredicate } from './glob-matcher.js';

export { RegexRefusedError };

export interface RegexFlags {
  caseInsensitive: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export interface CompiledRegex {
  readonly test: StringPredicate;
  readonly engine: 'native' | 'linear';
}

export function compileRegex(source: string, flags: RegexFlags): CompiledRegex {
  const regex = compileGuardedRegex(source, flags);
  return { test: (text) => regex.test(text), engine: regex.engine };
}
