import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventSchema, type Indicator } from '../../core/index.js';
import { openStores, type Stores } from '../../store/index.js';
import { loadKnowledge } from '../load-knowledge.js';
import { applyStoredKnowledge } from './stored-knowledge.js';

const indicator = (id: string, fields: Partial<Indicator>): Indicator => ({
  id: `indicator--00000000-0000-4000-8000-00000000000${id}`,
  confidence: 60,
  revoked: false,
  source: 'analyst',
  tlp: 'clear',
  labels: [],
  techniques: [],
  ...fields,
});
const event = (fields: Record<string, unknown>) =>
  eventSchema.parse({
    id: 'event-1',
    timestamp: '2025-03-03T09:00:00Z',
    origin: { format: 'json-lines' },
    fields: {},
    raw: '{}',
    ...fields,
  });

let stores: Stores;
beforeEach(async () => {
  stores = await openStores(':memory:');
});
afterEach(async () => stores.close());

describe('applyStoredKnowledge', () => {
  it('matches analyst-added and learned network indicators, but not a learned account (context only)', async () => {
    const added = indicator('1', { type: 'domain-name', value: 'added.example.com' });
    const learnedDomain = indicator('2', {
      type: 'domain-name',
      value: 'learned.example.com',
      source: 'vigil:incident/i1',
    });
    const learnedAccount = indicator('3', { type: 'user-account', value: 'jdoe', source: 'vigil:incident/i1' });
    await stores.store.upsertIndicators([added, learnedDomain, learnedAccount]);
    await stores.knowledge.recordProvenance(
      [learnedDomain, learnedAccount].map((item) => ({
        indicatorId: item.id,
        incidentId: 'i1',
        evidence: [{ kind: 'event' as const, id: 'event-0' }],
        tlp: 'clear' as const,
        createdAt: '2025-03-01T00:00:00Z',
      })),
    );
    const knowledge = await loadKnowledge({ rules: [], intel: [] });
    const { indicators } = (await applyStoredKnowledge(knowledge, stores)).knowledge;
    const hits = (fields: Record<string, unknown>) =>
      indicators.match(event(fields)).map((match) => match.indicator.id);
    expect(hits({ dns: { question: { name: 'added.example.com' } } })).toEqual([added.id]);
    expect(hits({ dns: { question: { name: 'learned.example.com' } } })).toEqual([learnedDomain.id]);
    expect(hits({ user: { name: 'jdoe' } })).toEqual([]);
  });
});
