/** Finds CVE ids in free text (events, rules, threat intelligence), normalised and de-duplicated. */

const cvePattern = /\bCVE[-_ ]?(\d{4})[-_ ](\d{4,7})\b/gi;

export function extractCves(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(cvePattern)) found.add(`CVE-${match[1]}-${match[2]}`);
  return [...found];
}
