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
});
