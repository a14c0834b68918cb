import { describe, expect, it } from 'vitest';
import { makeEvent } from '../test-support/make-event.js';
import type { LogSourceBinding } from './logsource-binding.js';
import { LogSourceRouter } from './logsource-router.js';

const bindings: LogSourceBinding[] = [
  { logsource: { product: 'windows', category: 'process_creation' }, family: 'windows', eventIds: ['1'] },
  {
    logsource: { product: 'windows', category: 'ps_script' },
    family: 'windows',
    eventIds: ['1'],
    where: { Provider: ['PowerShell'] },
  },
  {
    logsource: { product: 'windows', category: 'renamed' },
    family: 'windows',
    eventIds: ['1'],
    where: { Provider: ['PowerShell', 'Other'] },
    fieldAliases: { Image: 'NewProcessName' },
  },
];
const router = new LogSourceRouter(
  [
    { logsource: { product: 'windows', category: 'process_creation' }, item: 'creation' },
    { logsource: { product: 'windows', category: 'ps_script' }, item: 'script' },
    { logsource: { product: 'windows', category: 'renamed' }, item: 'renamed' },
  ],
  bindings,
);
const event = (Provider?: string) =>
  makeEvent({ dataset: 'security', fields: { EventID: 1, ...(Provider ? { Provider } : {}) } });

describe('LogSourceRouter', () => {
  it('routes by the bindings that hold for each event', () => {
    expect(router.route(event())).toEqual([{ items: ['creation'], aliases: undefined }]);
    expect(router.route(event('powershell'))).toEqual([
      { items: ['creation', 'script'], aliases: undefined },
      { items: ['renamed'], aliases: { Image: 'NewProcessName' } },
    ]);
    expect(router.route(event('Other'))).toEqual([
      { items: ['creation'], aliases: undefined },
      { items: ['renamed'], aliases: { Image: 'NewProcessName' } },
    ]);
  });

  it('gives back the very same routes and item lists for events of the same source and bindings', () => {
    const first = router.route(event('PowerShell'));
    const second = router.route(event('powershell'));
    expect(second).toBe(first);
    expect(second[0]?.items).toBe(first[0]?.items);
    expect(router.route(event('Other'))).not.toBe(first);
  });
});
