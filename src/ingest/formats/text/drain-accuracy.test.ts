import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../../test/shared-data.js';
import { DrainTemplateMiner } from './drain.js';
import { groupingAccuracy } from './grouping-accuracy.js';

/** Drain's grouping accuracy on loghub's labelled 2k-line sets, on the `Content` column as the benchmark does. */
describeWithShared('Drain grouping accuracy on loghub', () => {
  const floors: Record<string, number> = { Linux: 0.65, OpenSSH: 0.75, Apache: 0.95 };
  for (const [set, floor] of Object.entries(floors)) {
    it(`${set}: at least ${floor}`, () => {
      const rows = parse(readFileSync(sharedPath('syslog', 'loghub', set, `${set}_2k.log_structured.csv`)), {
        columns: true,
      }) as { Content: string; EventId: string }[];
      const miner = new DrainTemplateMiner();
      const predicted = rows.map((row) => miner.add(row.Content).templateId);
      const accuracy = groupingAccuracy(
        predicted,
        rows.map((row) => row.EventId),
      );
      console.info(`[drain] ${set}: grouping accuracy ${accuracy.toFixed(3)} with ${miner.size} templates`);
      expect(rows).toHaveLength(2000);
      expect(accuracy).toBeGreaterThanOrEqual(floor);
    });
  }
});
