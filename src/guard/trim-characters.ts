/**
 * Removes a run of the given characters from the end (or both ends) of a text in one linear pass:
 * the replacement for `text.replace(/[…]+$/, '')`, which V8 runs in quadratic time on a long run
 * of those characters followed by anything else (every position of the run is a new start).
 */
export function trimCharacters(
  text: string,
  characters: string,
  options: { side?: 'end' | 'both'; whitespace?: boolean } = {},
): string {
  const trimmed = (character: string) =>
    characters.includes(character) || (options.whitespace === true && /\s/.test(character));
  let end = text.length;
  while (end > 0 && trimmed(text[end - 1] as string)) end--;
  let start = 0;
  if (options.side === 'both') while (start < end && trimmed(text[start] as string)) start++;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
