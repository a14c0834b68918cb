/**
 * Turns event text (command lines, script blocks, alert titles) and CTI sentences into
 * classifier features: lower-case word tokens and adjacent word pairs. Markdown links and
 * ATT&CK citation markers are dropped; paths and switches split into their parts.
 */
import { stripCitations, unwrapMarkdownLinks } from './cti-markup.js';

const htmlTag = /<\/?[a-z]+>/gi;
const stopWords = new Set([
  'the',
  'and',
  'has',
  'have',
  'can',
  'for',
  'that',
  'with',
  'used',
  'use',
  'uses',
  'using',
  'this',
  'from',
  'its',
  'was',
  'are',
  'been',
  'into',
  'such',
  'also',
  'which',
  'other',
  'their',
  'they',
  'may',
  'will',
  'via',
  'been',
  'on',
  'of',
  'to',
  'in',
  'an',
  'as',
  'by',
  'or',
  'is',
  'it',
  'be',
  'at',
  'a',
]);

/** The word features of `text` (the first `maxLength` characters), in order: `tokenizeText` without the pairs. */
export function tokenWords(text: string, maxLength = 4_000): string[] {
  const cleaned = unwrapMarkdownLinks(stripCitations(text.slice(0, maxLength), ' ')).replace(htmlTag, ' ');
  return (cleaned.toLowerCase().match(/[a-z0-9$]{2,}/g) ?? []).filter(
    (word) => !stopWords.has(word) && !/^\d+$/.test(word),
  );
}

/** The features of `text`: its words in order, then each adjacent pair as `first second`. */
export function tokenizeText(text: string, maxLength = 4_000): string[] {
  const words = tokenWords(text, maxLength);
  const features = [...words];
  for (let index = 1; index < words.length; index++) features.push(`${words[index - 1]} ${words[index]}`);
  return features;
}
