import { describe, expect, it } from 'vitest';
import { tacticsOfGalaxies, techniquesOfTags } from './misp-tags.js';

describe('MISP attack-pattern galaxies', () => {
  it('reads tactics from a cluster’s kill chain in the current and the older galaxy forms, and nothing else', () => {
    const cluster = (value: string, kill_chain: unknown) => ({ value, meta: { kill_chain } });
    expect(
      tacticsOfGalaxies([
        {
          type: 'mitre-attack-pattern',
          GalaxyCluster: [
            cluster('DNS - T1071.004', ['attack-Windows:command-and-control', 'attack-Linux:command-and-control']),
          ],
        },
        {
          type: 'mitre-enterprise-attack-attack-pattern',
          GalaxyCluster: [cluster('Scheduled Task - T1053', ['mitre-attack:enterprise-attack:persistence', 7, 'x'])],
        },
        // Not an attack-pattern galaxy, or not a tactic: nothing.
        { type: 'mitre-intrusion-set', GalaxyCluster: [cluster('APT28 - G0007', ['attack-Windows:persistence'])] },
        {
          type: 'mitre-attack-pattern',
          GalaxyCluster: [cluster('Odd', ['attack-Windows:not-a-tactic', 'other:execution'])],
        },
      ]),
    ).toEqual(['command-and-control', 'persistence']);
  });

  it('reads techniques from tags of either galaxy name', () => {
    expect(
      techniquesOfTags([
        { name: 'misp-galaxy:mitre-attack-pattern="DNS - T1071.004"' },
        { name: 'misp-galaxy:mitre-enterprise-attack-attack-pattern="Standard Application Layer Protocol - T1071"' },
        { name: 'misp-galaxy:threat-actor="T1000 Group"' },
      ]),
    ).toEqual(['T1071.004', 'T1071']);
  });
});
