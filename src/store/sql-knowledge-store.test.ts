import { describe, expect, it } from 'vitest';
import { openStores } from './open-store.js';

const at = (minute: number) => `2025-03-03T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('SqlKnowledgeStore', () => {
  it('keeps verdicts (latest wins), suppressions (revoked stay listed), first provenance, sighting totals', async () => {
    const stores = await openStores(':memory:');
    try {
      const { knowledge } = stores;
      await knowledge.recordVerdict({
        incidentId: 'i1',
        verdict: 'unknown',
        ruleIds: [],
        author: 'ana',
        decidedAt: at(1),
      });
      await knowledge.recordVerdict({
        incidentId: 'i1',
        verdict: 'benign',
        ruleIds: ['r1'],
        author: 'ana',
        decidedAt: at(2),
      });
      expect(await knowledge.listVerdicts()).toEqual([
        { incidentId: 'i1', verdict: 'benign', ruleIds: ['r1'], author: 'ana', decidedAt: at(2) },
      ]);

      await knowledge.saveSuppression({
        id: 's1',
        ruleId: 'r1',
        reason: 'backup',
        author: 'ana',
        createdAt: at(3),
        hits: 0,
      });
      await knowledge.saveSuppression({
        id: 's1',
        ruleId: 'r1',
        reason: 'backup',
        author: 'ana',
        createdAt: at(3),
        hits: 2,
        revokedAt: at(4),
        revokedBy: 'ben',
      });
      expect(await knowledge.listSuppressions()).toEqual([]);
      expect((await knowledge.listSuppressions({ includeRevoked: true }))[0]).toMatchObject({
        id: 's1',
        hits: 2,
        revokedBy: 'ben',
      });

      const evidence = [{ kind: 'event' as const, id: 'e1' }];
      expect(
        await knowledge.recordProvenance([
          { indicatorId: 'ind', incidentId: 'i1', evidence, tlp: 'amber', createdAt: at(5) },
        ]),
      ).toBe(1);
      expect(
        await knowledge.recordProvenance([
          { indicatorId: 'ind', incidentId: 'i2', evidence, tlp: 'amber', createdAt: at(6) },
        ]),
      ).toBe(0);
      expect((await knowledge.listProvenance())[0]?.incidentId).toBe('i1');

      await knowledge.recordSightings([
        { indicatorId: 'ind', incidentId: 'i1', seenAt: at(7), count: 2 },
        { indicatorId: 'ind', incidentId: 'i2', seenAt: at(9), count: 3 },
      ]);
      expect((await knowledge.sightingTotals()).get('ind')).toEqual({ count: 5, lastSeen: at(9) });

      await expect(
        knowledge.recordVerdict({
          incidentId: 'i3',
          verdict: 'maybe' as never,
          ruleIds: [],
          author: 'ana',
          decidedAt: at(1),
        }),
      ).rejects.toThrow();
    } finally {
      await stores.close();
    }
  });

  it('keeps the latest version of each intelligence context object, whatever the order they arrive in', async () => {
    const stores = await openStores(':memory:');
    try {
      const { knowledge } = stores;
      const record = (id: string, version: string, name: string) => ({
        id,
        type: id.split('--')[0]!,
        version,
        body: JSON.stringify({ id, name, modified: version }),
      });
      expect(
        await knowledge.saveIntelObjects([
          record('malware--1', '2024-02-01T00:00:00.000Z', 'second'),
          record('malware--1', '2024-01-01T00:00:00Z', 'first'),
          record('relationship--1', '2024-01-01T00:00:00Z', 'uses'),
        ]),
      ).toBe(2);
      // An older or equal version arriving later changes nothing; a later one replaces it
      // (timestamps compared as times: '.5Z' is after 'Z' of the same second).
      expect(await knowledge.saveIntelObjects([record('malware--1', '2024-01-15T00:00:00Z', 'older')])).toBe(0);
      expect(await knowledge.saveIntelObjects([record('malware--1', '2024-02-01T00:00:00Z', 'same')])).toBe(0);
      expect(await knowledge.saveIntelObjects([record('malware--1', '2024-02-01T00:00:00.5Z', 'third')])).toBe(1);
      const all = await knowledge.listIntelObjects();
      expect(all.map((item) => [item.id, JSON.parse(item.body).name])).toEqual([
        ['malware--1', 'third'],
        ['relationship--1', 'uses'],
      ]);
      expect((await knowledge.listIntelObjects({ types: ['relationship'] })).map((item) => item.id)).toEqual([
        'relationship--1',
      ]);
      expect(await knowledge.listIntelObjects({ types: [] })).toEqual([]);
    } finally {
      await stores.close();
    }
  });
});
