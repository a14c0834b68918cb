/** Loads and checks playbooks; every error names the playbook file, the step and the field. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';
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
  const document = parseDocument(text, { lineCounter });
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
  folder: string,
): Promise<{ playbooks: Playbook[]; failed: Array<{ file: string; reason: string }> }> {
  const names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const playbooks: Playbook[] = [];
  const failed: Array<{ file: string; reason: string }> = [];
  for (const name of names) {
    try {
      playbooks.push(await loadPlaybook(join(folder, name)));
    } catch (error) {
      failed.push({ file: join(folder, name), reason: (error as Error).message });
    }
  }
  return { playbooks, failed };
}
