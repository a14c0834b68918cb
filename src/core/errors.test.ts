import { describe, expect, it } from 'vitest';
import { ExternalServiceError, formatLocation, InputInvalidError, toVigilError, VigilError } from './errors.js';

describe('typed errors', () => {
  it('carry a code, a location and whether retrying helps', () => {
    const error = new InputInvalidError('not JSON', { location: { file: 'a.jsonl', line: 7 } });
    expect(error.code).toBe('input-invalid');
    expect(error.retryable).toBe(false);
    expect(error.describe()).toBe('a.jsonl:7: not JSON');
    const remote = new ExternalServiceError('busy', { statusCode: 503, retryable: true });
    expect(remote.retryable).toBe(true);
    expect(remote.statusCode).toBe(503);
  });

  it('are recognised across module copies through a symbol marker', () => {
    const error = new InputInvalidError('x');
    expect(VigilError.isInstance(error)).toBe(true);
    expect(VigilError.isInstance(new Error('x'))).toBe(false);
    expect(VigilError.isInstance({ code: 'usage' })).toBe(false);
  });

  it('wrap anything thrown as an internal error keeping the cause', () => {
    const cause = new TypeError('boom');
    const wrapped = toVigilError(cause);
    expect(wrapped.code).toBe('internal');
    expect(wrapped.cause).toBe(cause);
    expect(toVigilError('text').message).toBe('text');
  });

  it('format every kind of location', () => {
    expect(formatLocation(undefined)).toBe('');
    expect(formatLocation({ objectId: 'indicator--1', field: 'pattern' })).toBe('[indicator--1] (field pattern): ');
    expect(formatLocation({ file: 'rules/x.yml', line: 3, column: 9 })).toBe('rules/x.yml:3:9: ');
  });
});
