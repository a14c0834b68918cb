import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

/** Longest rendered event kept whole; a longer one is passed on as is and rejected by the framer. */
const maxEventCharacters = 4 * 1024 * 1024;

/** Path of Debian's `evtxexport` (libevtx-utils) on PATH, or undefined when it is not installed. */
export async function findEvtxExport(path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const folder of path.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, 'evtxexport');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * Joins the pretty-printed XML of one event into one line: tag lines are trimmed and joined;
 * a line that does not start with a tag continues a text value, so its line break is kept as
 * `&#10;` (text cannot hold a raw `<`, so a line starting with one is always a tag).
 */
export function joinEventLines(lines: readonly string[]): string {
  let joined = '';
  for (const line of lines) {
    const trimmed = line.trimStart();
    joined += trimmed.startsWith('<') ? trimmed.trimEnd() : `&#10;${line}`;
  }
  return joined;
}

/**
 * Renders a raw `.evtx` file through `evtxexport -f xml` and yields its events as text, one
 * compact XML event per line, which the Windows format reads like any rendered event log.
 * Throws (after the events it could read) when evtxexport fails, so the failure becomes a
 * rejection; stopping early kills the converter.
 */
export async function* evtxAsXmlLines(executable: string, file: string): AsyncGenerator<Buffer> {
  const child = spawn(executable, ['-f', 'xml', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errorText = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (errorText.length < 2000) errorText += text;
  });
  const exit = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  let event: string[] | undefined;
  let eventCharacters = 0;
  let output: string[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (event === undefined) {
        if (!line.trimStart().startsWith('<Event')) continue; // the banner and blank lines between events
        event = [];
        eventCharacters = 0;
      }
      event.push(line);
      eventCharacters += line.length;
      if (line.trimEnd().endsWith('</Event>') || eventCharacters > maxEventCharacters) {
        output.push(joinEventLines(event));
        event = undefined;
        if (output.length >= 100) {
          yield Buffer.from(`${output.join('\n')}\n`);
          output = [];
        }
      }
    }
    if (output.length > 0) yield Buffer.from(`${output.join('\n')}\n`);
    const code = await exit;
    if (code !== 0) throw new Error(`evtxexport failed (exit ${code}): ${errorText.trim().slice(0, 300)}`);
    if (event !== undefined) throw new Error('evtxexport output ended inside an event');
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
