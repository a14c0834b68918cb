/** Undoes common defanging: `hxxp`, `fxp`, `[.]`, `(.)`, `{.}`, `[dot]`, `[:]`, `[at]`. */
export function refang(value: string): string {
  if (!/[[({]|hxxp|fxp/i.test(value)) return value;
  return value
    .replace(/^hxxp/i, 'http')
    .replace(/^fxp/i, 'ftp')
    .replace(/\b(hxxp)(s?)(?=\[?:)/gi, 'http$2')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[at\]|\(at\)|\[@\]/gi, '@');
}
