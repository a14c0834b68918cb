/**
 * Connector credentials: from an environment variable or a secrets file (YAML or JSON map),
 * resolved once at start-up. Every resolved value joins a redactor, so it never reaches a
 * log, an audit entry, a run's output or an error message.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';
import { ConfigurationMissingError } from '../../core/index.js';
import { parseYaml } from '../../guard/index.js';

/** Where a secret comes from: `{ env: NAME }` or `{ file: PATH, key: NAME }`. */
export const secretReferenceSchema = z.union([
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1), key: z.string().min(1) }).strict(),
]);
export type SecretReference = z.infer<typeof secretReferenceSchema>;

export interface Secrets {
  resolve(reference: SecretReference, purpose: string): string;
  /** Replaces every resolved secret in a text with `[redacted]`. */
  redact(text: string): string;
  /** Redacts every string inside a JSON-like value. */
  redactValue<T>(value: T): T;
}

export function createSecrets(environment: NodeJS.ProcessEnv = process.env): Secrets {
  const known = new Set<string>();
  const files = new Map<string, Record<string, unknown>>();
  const redact = (text: string): string => {
    let result = text;
    for (const secret of [...known].sort((left, right) => right.length - left.length))
      result = result.split(secret).join('[redacted]');
    return result;
  };
  const redactValue = <T>(value: T): T => {
    if (typeof value === 'string') return redact(value) as T;
    if (Array.isArray(value)) return value.map(redactValue) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item)])) as T;
    }
    return value;
  };
  return {
    resolve(reference, purpose) {
      let value: unknown;
      if ('env' in reference) value = environment[reference.env];
      else {
        let map = files.get(reference.file);
        if (!map) {
          try {
            map = (parseYaml(readFileSync(reference.file, 'utf8')) ?? {}) as Record<string, unknown>;
          } catch (error) {
            throw new ConfigurationMissingError(
              `cannot read the secrets file for ${purpose}: ${(error as Error).message}`,
              {
                location: { file: reference.file },
              },
            );
          }
          files.set(reference.file, map);
        }
        value = map[reference.key];
      }
      if (typeof value !== 'string' || value.length === 0) {
        const where =
          'env' in reference ? `environment variable ${reference.env}` : `key ${reference.key} of ${reference.file}`;
        throw new ConfigurationMissingError(`the secret for ${purpose} is missing (${where})`);
      }
      if (value.length >= 4) known.add(value);
      return value;
    },
    redact,
    redactValue,
  };
}
