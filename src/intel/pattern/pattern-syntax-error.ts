import { InputInvalidError, type VigilErrorOptions } from '../../core/index.js';

/** A STIX pattern that does not follow the grammar: says where (0-based offset) and what was expected. */
export class PatternSyntaxError extends InputInvalidError {
  readonly position: number;
  readonly expected: string;

  constructor(pattern: string, position: number, expected: string, found: string, options: VigilErrorOptions = {}) {
    super(`pattern position ${position}: expected ${expected}, found ${found} in ${quoteExcerpt(pattern)}`, {
      ...options,
      location: { column: position + 1, ...options.location },
    });
    this.name = 'PatternSyntaxError';
    this.position = position;
    this.expected = expected;
  }
}

function quoteExcerpt(pattern: string): string {
  return JSON.stringify(pattern.length > 200 ? `${pattern.slice(0, 200)}…` : pattern);
}
