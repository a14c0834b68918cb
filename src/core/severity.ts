import { z } from 'zod';

/** How bad something is, in Sigma's level vocabulary (also used for alerts and incidents). */
export const severitySchema = z
  .enum(['informational', 'low', 'medium', 'high', 'critical'])
  .meta({ description: 'How bad something is, in Sigma level terms' });
export type Severity = z.infer<typeof severitySchema>;

export const severityRank: Record<Severity, number> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export function maxSeverity(values: Iterable<Severity>): Severity {
  let best: Severity = 'informational';
  for (const value of values) if (severityRank[value] > severityRank[best]) best = value;
  return best;
}

/** TLP 2.0 marking carried by indicators and exports. */
export const tlpSchema = z
  .enum(['clear', 'green', 'amber', 'amber+strict', 'red'])
  .meta({ description: 'Traffic Light Protocol 2.0 marking' });
export type Tlp = z.infer<typeof tlpSchema>;
