/**
 * Undoes the usual defanging of indicators in reports and logs: `hxxp`/`hXXps`/`h**p`, `fxp`,
 * `[:]`, `[:]//`, `[.]`/`(.)`/`{.}`/`[dot]`/`(dot)` (with any spaces around), `[@]`/`[at]`/`(at)`,
 * `[/]`. The one refang for ingest (observables in events) and intel (IOC lists). Every
 * quantifier that can start a match on whitespace is bounded, so each pass is linear in the input.
 */
export function refang(value: string): string {
  if (!/[[({]|h[x*]{2}p|fxp/i.test(value)) return value;
  return value
    .replace(/(?<![a-z0-9])h[x*]{2}p(s?)(?=[:[])/gi, 'http$1')
    .replace(/(?<![a-z0-9])fxp(?=[:[])/gi, 'ftp')
    .replace(/\[:\]\/\//g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\s{0,16}[[({]\s{0,16}(?:\.|dot)\s{0,16}[\])}]\s{0,16}/gi, '.')
    .replace(/\s{0,16}[[({]\s{0,16}(?:@|at)\s{0,16}[\])}]\s{0,16}/gi, '@')
    .replace(/\[\/\]/g, '/');
}
