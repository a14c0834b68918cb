import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/**
 * A JSON checkpoint in a file, replaced atomically (write a temporary file, flush it, rename it
 * over the old one), so a process killed at any moment leaves either the old checkpoint or the
 * new one, never half of one.
 */
export class FileCheckpointStore<Value> {
  constructor(private readonly path: string) {}

  /** The saved value, or undefined when none was saved yet (or the file is not a checkpoint). */
  load(): Value | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text) as Value;
    } catch {
      return undefined;
    }
  }

  save(value: Value): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, JSON.stringify(value));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, this.path);
  }
}
