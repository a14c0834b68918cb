/** The API's pino logger options: secrets and tokens are redacted wherever they appear. */
import type { LoggerOptions } from 'pino';

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  'secret',
  'password',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
];

export function loggerOptions(level: string = 'info'): LoggerOptions {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}
