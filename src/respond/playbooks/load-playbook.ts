/** Loads and checks playbooks; every error names the playbook file, the step and the field. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter } from 'yaml';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';
import { parseYamlDocument } from '../../guard/index.js';
import { checkTemplates, compileExpression } from './expression.js';
import { type Playbook, playbookSchema } from './playbook-schema.js';

function stepError(
  file: string,
  playbook: Playbook,
  index: number,
  field: string,
  message: string,
  line?: number,
): InputInvalidError {
  const ref = playbook.steps[index]?.ref ?? `#${index + 1}`;
  return new InputInvalidError(`step ${ref}: ${message}`, {
    location: { file, objectId: ref, field, ...(line !== undefined ? { line } : {}) },
  });
}

/** Checks references, cycles and expressions beyond what the schema can. */
export function checkPlaybook(playbook: Playbook, file = '<playbook>'): Playbook {
  const refs = new Map<string, number>();
  playbook.steps.forEach((step, index) => {
    if (refs.has(step.ref)) throw stepError(file, playbook, index, 'ref', 'the ref is used twice');
    refs.set(step.ref, index);
  });
  playbook.steps.forEach((step, index) => {
    for (const dependency of step.depends_on) {
      if (!refs.has(dependency))
        throw stepError(file, playbook, index, 'depends_on', `depends on unknown step ${dependency}`);
      if ((refs.get(dependency) ?? 0) >= index)
        throw stepError(
          file,
          playbook,
          index,
          'depends_on',
          `depends on ${dependency}, which comes later (list steps in dependency order)`,
        );
    }
    for (const [field, source] of [
      ['if', step.if],
      ['for_each', step.for_each],
    ] as const) {
      if (!source) continue;
      try {
        compileExpression(source);
      } catch (error) {
        throw stepError(file, playbook, index, field, (error as Error).message);
      }
    }
    const templateError = checkTemplates({ target: step.target, args: step.args });
    if (templateError) throw stepError(file, playbook, index, 'args', templateError);
  });
  return playbook;
}

export function parsePlaybook(text: string, file = '<playbook>'): Playbook {
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    throw new InputInvalidError(`the playbook is not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`, {
      location: { file, line: lineCounter.linePos(document.errors[0]!.pos[0]).line },
    });
  }
  let raw: { steps?: Array<{ ref?: unknown }> } | null;
  try {
    raw = document.toJS() as typeof raw;
  } catch (error) {
    // an alias to no anchor (`*x`), too many aliases (billion laughs), nesting past the stack
    const reason = error instanceof RangeError ? 'nested too deeply to read' : (error as Error).message;
    throw new InputInvalidError(`the playbook is not valid YAML: ${reason}`, { location: { file }, cause: error });
  }
  const parsed = playbookSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const ref = raw?.steps?.[path[1]]?.ref;
      const name = typeof ref === 'string' ? ref : `#${path[1] + 1}`;
      const field = path.slice(2).join('.') || '(step)';
      throw new InputInvalidError(`step ${name}: invalid ${field}: ${issue.message}`, {
        location: { file, objectId: name, field, ...(line !== undefined ? { line } : {}) },
      });
    }
    const field = path.join('.') || '(top level)';
    throw new InputInvalidError(`invalid playbook field ${field}: ${issue.message}`, {
      location: { file, field, ...(line !== undefined ? { line } : {}) },
    });
  }
  return checkPlaybook(parsed.data, file);
}

export async function loadPlaybook(file: string): Promise<Playbook> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the playbook: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  return parsePlaybook(text, file);
}

/** Loads every `.yaml`/`.yml` playbook of a folder; bad ones are reported, the good ones kept. */
export async function loadPlaybooks(
  path: string,
): Promise<{ playbooks: Playbook[]; failed: Array<{ file: string; reason: string }> }> {
  const files = await playbookFiles(path);
  const playbooks: Playbook[] = [];
  const failed: Array<{ file: string; reason: string }> = [];
  for (const file of files) {
    try {
      playbooks.push(await loadPlaybook(file));
    } catch (error) {
      failed.push({ file, reason: (error as Error).message });
    }
  }
  return { playbooks, failed };
}

/** The YAML files of a playbook folder, in name order, or the one file named. */
async function playbookFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch((error: Error) => {
    throw new InputUnreadableError(`cannot read playbooks at ${path}: ${error.message}`, { location: { file: path } });
  });
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  return names.map((name) => join(path, name));
}
