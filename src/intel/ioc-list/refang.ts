/** Undoes the usual defanging of IOCs in reports: hxxp, [.], (dot), [@], [:]. */
export function refang(value: string): string {
  return value
    .replace(/^h[x*]{2}p(s?)(?=[:[])/i, 'http$1')
    .replace(/^fxp(?=[:[])/i, 'ftp')
    .replace(/\[:\]\/\//g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\s*[[({]\s*(?:\.|dot)\s*[\])}]\s*/gi, '.')
    .replace(/\s*[[({]\s*(?:@|at)\s*[\])}]\s*/gi, '@')
    .replace(/\[\/\]/g, '/');
}
