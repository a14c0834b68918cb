/**
 * Writing results: JSON for machines (`--json`), short human text otherwise. Human text is
 * neutralised on the way out (escape sequences from logs become visible text); the colours this
 * module paints travel as markers with a per-process secret, so data can never forge one.
 */
import { randomBytes } from 'node:crypto';
import { styleText } from 'node:util';
import { neutraliseTerminalText } from '../guard/index.js';

export interface Output {
  json: boolean;
  /** Whether colours may be used (a TTY and NO_COLOR unset). */
  colour: boolean;
  write(text: string): void;
  warn(text: string): void;
}

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stdout): Output {
  const colour = Boolean(stream.isTTY) && process.env.NO_COLOR === undefined;
  return {
    json,
    colour,
    write: (text) => {
      const line = text.endsWith('\n') ? text : `${text}\n`;
      stream.write(json ? line : humanText(line));
    },
    warn: (text) => process.stderr.write(humanText(`${text}\n`)),
  };
}

/** Colour sequences painted so far, and the secret that marks them (made on first use). */
const painted: { secret?: string; pattern?: RegExp; sequences: string[] } = { sequences: [] };

function marker(sequence: string): string {
  painted.secret ??= randomBytes(12).toString('hex');
  let index = painted.sequences.indexOf(sequence);
  if (index < 0) index = painted.sequences.push(sequence) - 1;
  return `\u2063${painted.secret}:${index}\u2063`;
}

/** Neutralises a human line, then turns this module's colour markers back into escape sequences. */
export function humanText(text: string): string {
  const safe = neutraliseTerminalText(text);
  if (!painted.secret) return safe;
  painted.pattern ??= new RegExp(`\u2063${painted.secret}:(\\d+)\u2063`, 'g');
  return safe.replace(painted.pattern, (_match, index: string) => painted.sequences[Number(index)] ?? '');
}

type Style = Parameters<typeof styleText>[0];

export function paint(output: Output, style: Style, text: string): string {
  if (!output.colour) return text;
  const [open = '', close = ''] = styleText(style, '\u0000').split('\u0000');
  return `${marker(open)}${text}${marker(close)}`;
}

export function writeJson(output: Output, value: unknown): void {
  output.write(JSON.stringify(value, null, 2));
}
