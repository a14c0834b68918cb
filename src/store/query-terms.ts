/**
 * The words of a free-text retrieval query, for both full-text indexes (SQLite FTS5 and
 * PostgreSQL). Letters and digits only, at least three characters, so text can never be query
 * syntax. A long query (CTI text, an incident's many alert titles) keeps its informative words
 * from every part, not only its first ones: English function words are dropped, and the terms
 * are taken round-robin over the query's lines and sentences, so the tenth alert title reaches
 * the index as surely as the first.
 */

const functionWords = new Set(
  (
    'the and for that with this from was were are been has have had its into such also which other their they ' +
    'may will via can could would should not but all any each than then them these those there where when what ' +
    'who how out our over under using used uses use one two new more most some only own same too very'
  ).split(' '),
);

/** Default number of terms: enough for a paragraph of CTI or twenty alert titles. */
export const defaultQueryTerms = 64;

export function queryTerms(text: string, maxTerms = defaultQueryTerms): string[] {
  const segments = text
    .toLowerCase()
    .split(/[\n\r]+|(?<=[.!?;])\s+/)
    .map((segment) => (segment.match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((word) => !functionWords.has(word)))
    .filter((words) => words.length > 0);
  const chosen = new Set<string>();
  for (let position = 0; chosen.size < maxTerms; position++) {
    let any = false;
    for (const words of segments) {
      if (position >= words.length) continue;
      any = true;
      chosen.add(words[position]!);
      if (chosen.size >= maxTerms) break;
    }
    if (!any) break;
  }
  return [...chosen];
}
