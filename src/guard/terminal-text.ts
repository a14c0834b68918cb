/**
 * Text a terminal shows as text. Log fields, file names and intel values may carry escape
 * sequences (ESC [ 2 J, OSC 8 hyperlinks, OSC 52 clipboard writes), carriage returns that
 * overwrite a line, C1 controls and bidirectional overrides; in human output each becomes a
 * visible escape (`\x1b`, `\r`, `\u202e`). Newlines and tabs stay.
 */
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function neutraliseTerminalText(text: string): string {
  return text.replace(unsafe, (character) => {
    const code = character.charCodeAt(0);
    if (character === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Human text from something that may be binary: at most `limit` characters, controls made visible. */
export function printableExcerpt(text: string, limit = 80): string {
  const excerpt = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return neutraliseTerminalText(excerpt.replace(/\n/g, '\\n').replace(/\t/g, '\\t'));
}
