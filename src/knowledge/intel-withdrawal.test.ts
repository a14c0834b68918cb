/**
 * A MISP attribute an analyst withdraws from detection (`to_ids` false in a later version of the
 * event) retracts what an earlier import stored of it: the stored indicator is revoked, so an
 * index built from the store never matches it again. An attribute never for detection is never
 * stored.
 */
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../core/index.js';
import { IndicatorIndex, importMispDocument } from '../intel/index.js';
import { openStores } from '../store/index.js';
import { storeIntelImport } from './intel-context.js';

const uuid = (number: number) => `5b0e9a1c-0000-4000-8000-${String(number).padStart(12, '0')}`;
const mispEvent = (toIds: { c2: boolean; note: boolean }) => ({
  Event: {
    uuid: uuid(1),
    info: 'Loader campaign',
    threat_level_id: '1',
    Orgc: { name: 'CERT-X' },
    Attribute: [
      { uuid: uuid(2), type: 'domain', category: 'Network activity', value: 'update-cdn.example', to_ids: toIds.c2 },
      { uuid: uuid(3), type: 'ip-dst', category: 'Network activity', value: '198.51.100.77', to_ids: toIds.note },
      { uuid: uuid(4), type: 'ip-dst', category: 'Network activity', value: '198.51.100.78', to_ids: true },
    ],
  },
});
const lookup = (domain: string) =>
  eventSchema.parse({
    id: 'e1',
    timestamp: '2025-05-02T00:00:00Z',
    origin: { format: 'zeek-json' },
    raw: '',
    fields: {},
    category: ['network'],
    dns: { question: { name: domain } },
  });

describe('withdrawn MISP attributes', () => {
  it('retract the indicator an earlier import stored, and store nothing for one never stored', async () => {
    const stores = await openStores(':memory:');
    try {
      const first = importMispDocument(mispEvent({ c2: true, note: false }), 'feed-v1.json');
      expect(first.withdrawn).toEqual([`indicator--${uuid(3)}`]);
      expect((await storeIntelImport(stores, first)).indicators).toBe(2);
      const second = importMispDocument(mispEvent({ c2: false, note: false }), 'feed-v2.json');
      expect(second.indicators.map((indicator) => indicator.id)).toEqual([`indicator--${uuid(4)}`]);
      await storeIntelImport(stores, second);
      const stored = await stores.store.listIndicators();
      expect(stored.map((indicator) => [indicator.id, indicator.revoked]).sort()).toEqual([
        [`indicator--${uuid(2)}`, true],
        [`indicator--${uuid(4)}`, false],
      ]);
      const index = new IndicatorIndex();
      index.add(stored);
      expect(index.match(lookup('update-cdn.example'))).toEqual([]);
      // Restored to detection in a third version: it matches again.
      await storeIntelImport(stores, importMispDocument(mispEvent({ c2: true, note: false }), 'feed-v3.json'));
      const again = new IndicatorIndex();
      again.add(await stores.store.listIndicators());
      expect(again.match(lookup('update-cdn.example')).map((match) => match.indicator.id)).toEqual([
        `indicator--${uuid(2)}`,
      ]);
    } finally {
      await stores.close();
    }
  });
});
