import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventSchema, type Indicator } from '../../core/index.js';
import { importIntel } from '../../intel/index.js';
import { storeIntelImport } from '../../knowledge/index.js';
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

  it('joins an --intel file with the relationships and attributions earlier imports stored, as imports are joined', async () => {
    const time = '2025-05-01T00:00:00.000Z';
    const common = { spec_version: '2.1', created: time, modified: time };
    const ids = {
      indicator: 'indicator--6a2f0c1d-0000-4000-8000-000000000001',
      malware: 'malware--6a2f0c1d-0000-4000-8000-000000000002',
      group: 'intrusion-set--6a2f0c1d-0000-4000-8000-000000000003',
    };
    const folder = mkdtempSync(join(tmpdir(), 'vigil-intel-join-'));
    const write = (name: string, objects: object[]) => {
      writeFileSync(
        join(folder, name),
        JSON.stringify({ type: 'bundle', id: `bundle--${ids.indicator.slice(11)}`, objects }),
      );
      return join(folder, name);
    };
    const relationship = (number: number, source: string, type: string, target: string) => ({
      type: 'relationship',
      ...common,
      id: `relationship--6a2f0c1d-0000-4000-8000-00000000001${number}`,
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });
    // Imported earlier (`vigil intel import`): who is behind the indicator, without the indicator.
    const context = write('context.json', [
      { type: 'malware', ...common, id: ids.malware, name: 'Quillpen Loader', is_family: true },
      { type: 'intrusion-set', ...common, id: ids.group, name: 'Paper Heron' },
      relationship(1, ids.indicator, 'indicates', ids.malware),
      relationship(2, ids.group, 'uses', ids.malware),
    ]);
    await storeIntelImport(stores, await importIntel([context]));
    // `investigate --intel FILE`: the indicator alone.
    const file = write('indicator.json', [
      {
        type: 'indicator',
        ...common,
        id: ids.indicator,
        pattern: "[domain-name:value = 'update-cdn.example']",
        pattern_type: 'stix',
        valid_from: time,
      },
    ]);
    const knowledge = await loadKnowledge({ rules: [], intel: [file] });
    expect(knowledge.intel?.indicators[0]?.attribution).toBeUndefined();
    const applied = (await applyStoredKnowledge(knowledge, stores)).knowledge;
    const [match] = applied.indicators.match(
      event({ timestamp: '2025-06-01T00:00:00Z', dns: { question: { name: 'update-cdn.example' } } }),
    );
    expect(match?.indicator.attribution?.map((entry) => [entry.kind, entry.name])).toEqual([
      ['malware', 'Quillpen Loader'],
      ['intrusion-set', 'Paper Heron'],
    ]);
    expect(applied.intel?.indicators[0]?.attribution).toHaveLength(2);
  });
});
