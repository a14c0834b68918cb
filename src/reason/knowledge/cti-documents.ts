/**
 * CTI as retrieval documents: ATT&CK technique descriptions, procedure examples, and the text
 * of imported STIX reports, intrusion sets, malware, campaigns and MISP events.
 */
import type { AttackCatalog } from '../../detect/index.js';
import type { RetrievalDocument } from '../../store/index.js';
import { stripCitations, unwrapMarkdownLinks } from '../classifier/cti-markup.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';

const cleanText = (text: string): string =>
  unwrapMarkdownLinks(stripCitations(text, ''))
    .replace(/<\/?[a-z]+>/gi, '')
    .trim();

/** One document per live technique: name, tactics and description. */
export function techniqueDocuments(catalog: Pick<AttackCatalog, 'techniques'>): RetrievalDocument[] {
  return catalog
    .techniques()
    .filter((technique) => !technique.revoked && !technique.deprecated)
    .map((technique) => ({
      id: `attack-technique--${technique.id}`,
      kind: 'document' as const,
      source: 'attack-technique',
      title: `${technique.id} ${technique.name}`,
      body: cleanText(technique.description ?? technique.name),
      techniques: [technique.id],
      entities: [],
      tactics: [...technique.tactics],
    }));
}

/** Procedure examples grouped per actor and technique (one document each). */
export function procedureDocuments(examples: readonly ProcedureExample[]): RetrievalDocument[] {
  const grouped = new Map<string, { example: ProcedureExample; texts: string[] }>();
  for (const example of examples) {
    const key = `${example.actorId}|${example.technique}`;
    const entry = grouped.get(key) ?? { example, texts: [] };
    entry.texts.push(cleanText(example.text));
    grouped.set(key, entry);
  }
  return [...grouped.entries()].map(([key, { example, texts }]) => ({
    id: `attack-procedure--${key.replace('|', '--')}`,
    kind: 'document' as const,
    source: 'attack-procedure',
    title: `${example.actorId} uses ${example.technique}`,
    body: texts.join(' '),
    techniques: [example.technique],
    entities: [],
  }));
}

interface StixLike {
  type?: unknown;
  id?: unknown;
  name?: unknown;
  description?: unknown;
  info?: unknown;
  labels?: unknown;
}

const readableTypes = new Map([
  ['report', 'stix-report'],
  ['intrusion-set', 'stix-intrusion-set'],
  ['malware', 'stix-malware'],
  ['campaign', 'stix-campaign'],
  ['threat-actor', 'stix-threat-actor'],
  ['x-misp-event', 'misp-event'],
]);

/** Imported STIX objects that carry prose (reports, actors, malware, campaigns, MISP events). */
export function intelDocuments(objects: readonly unknown[]): RetrievalDocument[] {
  const documents: RetrievalDocument[] = [];
  for (const value of objects) {
    const object = value as StixLike;
    const source = typeof object.type === 'string' ? readableTypes.get(object.type) : undefined;
    const text =
      typeof object.description === 'string' ? object.description : typeof object.info === 'string' ? object.info : '';
    if (!source || typeof object.id !== 'string' || text.trim().length === 0) continue;
    const techniques = [...new Set(text.match(/\bT\d{4}(?:\.\d{3})?\b/g) ?? [])];
    documents.push({
      id: object.id,
      kind: 'document',
      source,
      title: typeof object.name === 'string' ? object.name : object.id,
      body: cleanText(text),
      techniques,
      entities: [],
    });
  }
  return documents;
}
