import { readFile } from 'node:fs/promises';
import { LineCounter } from 'yaml';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';
import { parseYamlDocument } from '../../guard/index.js';
import { type Policy, policySchema } from './policy-schema.js';

/** Parses policy YAML text; errors name the file, the line and the field at fault. */
export function parsePolicy(text: string, file = '<policy>'): Policy {
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new InputInvalidError(`the policy is not valid YAML: ${error.message.split('\n')[0]}`, {
      location: { file, line: lineCounter.linePos(error.pos[0]).line },
    });
  }
  const parsed = policySchema.safeParse(document.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const field = path.join('.') || '(top level)';
  throw new InputInvalidError(`invalid policy field ${field}: ${issue.message}`, {
    location: { file, field, ...(line !== undefined ? { line } : {}) },
  });
}

export async function loadPolicy(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the policy: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  return parsePolicy(text, file);
}
