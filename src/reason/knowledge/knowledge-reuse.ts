/** Knowledge reuse: how many claims of a reasoning result cite retrieved past incidents or CTI documents. */

import type { KnowledgeReuse } from '../../core/index.js';

export function countKnowledgeReuse(artifact: unknown, incidentId: string): KnowledgeReuse {
  let incidentCitations = 0;
  let documentCitations = 0;
  const distinct = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'evidence' && Array.isArray(child)) {
        for (const reference of child as Array<{ kind?: string; id?: string }>) {
          if (reference.kind === 'incident' && reference.id !== incidentId) {
            incidentCitations += 1;
            distinct.add(`incident:${reference.id}`);
          } else if (reference.kind === 'document') {
            documentCitations += 1;
            distinct.add(`document:${reference.id}`);
          }
        }
      } else walk(child);
    }
  };
  walk(artifact);
  return { incidentCitations, documentCitations, distinctItems: distinct.size };
}
