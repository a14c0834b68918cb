/**
 * Makes a log-derived string safe to show a model: control characters, bidirectional
 * overrides, zero-width and Unicode tag characters become visible `<U+XXXX>` marks (so an
 * analyst and the model both see that they were there), and the length is capped.
 */

/** C0/C1 controls except tab and newline, bidi controls, zero-width and invisible formatting, tag characters. */
const hidden =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

const mark = (character: string): string =>
  `<U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;

/** Whether the text holds characters `neutraliseText` would mark. */
export const hasHiddenCharacters = (text: string): boolean => new RegExp(hidden.source, 'u').test(text);

export function neutraliseText(text: string, maxLength = 512): string {
  const visible = text.replace(hidden, mark);
  if (visible.length <= maxLength) return visible;
  return `${visible.slice(0, maxLength)}…[${visible.length - maxLength} more characters cut]`;
}

/**
 * The text as a detector should read it: Unicode compatibility-normalised (full-width and
 * styled letters become plain), combining marks and hidden characters removed, lower-cased, whitespace collapsed.
 */
export function canonicalText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .replace(hidden, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
