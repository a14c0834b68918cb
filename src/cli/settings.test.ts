import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheOf, resolveSettings } from './settings.js';

describe('cache settings', () => {
  it('keeps every cache under $VIGIL_HOME/cache by default, each in its own folder', () => {
    const settings = resolveSettings({}, { VIGIL_HOME: '/home/analyst/.vigil' });
    expect(settings.cacheFolders).toEqual({
      rules: join('/home/analyst/.vigil', 'cache', 'rules'),
      evidenceModel: join('/home/analyst/.vigil', 'cache', 'evidence-model'),
      retrieval: join('/home/analyst/.vigil', 'cache', 'retrieval'),
      attack: join('/home/analyst/.vigil', 'cache', 'attack'),
    });
  });

  it('moves or turns off each cache through its own variable only', () => {
    const settings = resolveSettings(
      {},
      {
        VIGIL_HOME: '/h',
        VIGIL_RULE_CACHE: 'off',
        VIGIL_MODEL_CACHE: '/fast/models',
        VIGIL_RETRIEVAL_CACHE: 'off',
        VIGIL_ATTACK_CACHE: '/fast/attack',
      },
    );
    expect(settings.cacheFolders).toEqual({
      rules: undefined,
      evidenceModel: '/fast/models',
      retrieval: undefined,
      attack: '/fast/attack',
    });
    expect(cacheOf(settings, 'rules', () => {})).toBeUndefined();
    const warnings: string[] = [];
    const cache = cacheOf(settings, 'attack', (text) => warnings.push(text));
    expect(cache?.folder).toBe('/fast/attack');
    cache?.warn('entry rebuilt');
    expect(warnings).toEqual(['vigil: entry rebuilt']);
  });
});
