import { describe, expect, it } from 'vitest';
import { correlationLatenessOf, loadCommandKnowledge } from './load-command-knowledge.js';
import { resolveSettings } from './settings.js';

describe('loadCommandKnowledge', () => {
  it('takes the Atomic Red Team path from the flag or the environment, as investigate, serve and worker all need', async () => {
    const environment = { VIGIL_HOME: '/nonexistent-vigil-home', VIGIL_RULE_CACHE: 'off', VIGIL_MODEL_CACHE: 'off' };
    const fromEnvironment = resolveSettings({}, { ...environment, VIGIL_ATOMICS_PATH: '/atomics/from-environment' });
    const fromFlag = resolveSettings({ atomics: '/atomics/from-flag' }, environment);
    const warnings: string[] = [];
    const warn = (text: string) => warnings.push(text);
    expect((await loadCommandKnowledge(fromEnvironment, {}, warn)).atomicRedTeamPath).toBe('/atomics/from-environment');
    expect((await loadCommandKnowledge(fromFlag, {}, warn)).atomicRedTeamPath).toBe('/atomics/from-flag');
    expect((await loadCommandKnowledge(resolveSettings({}, environment), {}, warn)).missing.join(' ')).toContain(
      'Atomic',
    );
  });

  it('takes the ATT&CK crosswalk from the flag or the environment, for every command that loads through it', () => {
    const environment = { VIGIL_HOME: '/nonexistent-vigil-home' };
    expect(
      resolveSettings({}, { ...environment, VIGIL_ATTACK_CROSSWALK: '/kb/crosswalk.json' }).attackCrosswalkPath,
    ).toBe('/kb/crosswalk.json');
    expect(
      resolveSettings(
        { attackCrosswalk: '/flag.json' },
        { ...environment, VIGIL_ATTACK_CROSSWALK: '/kb/crosswalk.json' },
      ).attackCrosswalkPath,
    ).toBe('/flag.json');
  });

  it('reads the correlation lateness from the flag or the environment into the knowledge every deployment detects with', async () => {
    const environment = { VIGIL_HOME: '/nonexistent-vigil-home', VIGIL_RULE_CACHE: 'off', VIGIL_MODEL_CACHE: 'off' };
    const lateness = (flag: string | undefined, variable?: string) =>
      correlationLatenessOf(
        resolveSettings(
          { correlationLateness: flag },
          variable ? { ...environment, VIGIL_CORRELATION_LATENESS: variable } : environment,
        ),
      );
    expect(lateness(undefined)).toBe(0);
    expect(lateness(undefined, '5m')).toBe(300_000);
    expect(lateness('90s', '5m')).toBe(90_000);
    expect(lateness('0', '5m')).toBe(0);
    for (const bad of ['soon', '-5m', '5 minutes', ''])
      expect(() => lateness(bad)).toThrow(/--correlation-lateness.*not a duration/);
    const knowledge = await loadCommandKnowledge(
      resolveSettings({ correlationLateness: '2m' }, environment),
      {},
      () => {},
    );
    expect(knowledge.correlationLatenessMs).toBe(120_000);
  });
});
