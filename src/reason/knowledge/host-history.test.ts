import { describe, expect, it } from 'vitest';
import { HostHistory } from './host-history.js';

const hour = (index: number) => new Date(Date.UTC(2024, 4, 1, index)).toISOString();

describe('HostHistory', () => {
  it('calls a rule common on a host it fires on through most of that host’s history', () => {
    const history = new HostHistory();
    for (let index = 0; index < 24; index++) {
      history.observeEvent('WS01.corp.example', hour(index));
      if (index % 2 === 0) history.observeAlert('ws01', 'backup-agent-rule', hour(index));
    }
    history.observeAlert('WS01', 'lsass-dump', hour(3));
    expect(history.isCommon('ws01', 'backup-agent-rule')).toBe(true);
    expect(history.isCommon('ws01', 'lsass-dump')).toBe(false);
    expect(history.isCommon('ws02', 'backup-agent-rule')).toBe(false);
  });

  it('has too little history in a short recording to call anything common', () => {
    const history = new HostHistory();
    for (let minute = 0; minute < 50; minute++) {
      const at = new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();
      history.observeEvent('ws01', at);
      history.observeAlert('ws01', 'noisy', at);
    }
    expect(history.isCommon('ws01', 'noisy')).toBe(false);
  });

  it('keeps bounded state however many hosts and rules it sees', () => {
    const history = new HostHistory({ maxHosts: 100, maxPairs: 1_000 });
    for (let index = 0; index < 1_000_000; index++) {
      history.observeEvent(`host-${index}`, hour(index % 24));
      history.observeAlert(`host-${index}`, `rule-${index}`, hour(index % 24));
    }
    expect(history.isCommon('host-999999', 'rule-999999')).toBe(false);
    expect((history as unknown as { hostHours: Map<string, unknown> }).hostHours.size).toBe(100);
    expect((history as unknown as { ruleHours: Map<string, unknown> }).ruleHours.size).toBe(1_000);
  }, 60_000);
});
