import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indicatorSchema } from '../core/index.js';
import { IndicatorIndex } from '../intel/index.js';
import { applyStoredIndicatorKnowledge } from '../knowledge/index.js';
import { type ApiFixture, createFixture, fixedNow, fixtureEvent } from './test-support/api-fixture.js';

const feedIndicator = indicatorSchema.parse({
  id: 'indicator--feed-ip',
  type: 'ipv4-addr',
  value: '203.0.113.9',
  source: 'feed',
  confidence: 80,
  validFrom: '2024-10-06T12:00:00.000Z',
});
/** An event after the fixture's clock, as the next investigation would see. */
const laterEvent = fixtureEvent('event-later', 5, {
  timestamp: '2024-11-05T13:00:00.000Z',
  destination: { ip: '203.0.113.9', port: 443 },
});

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
  await fixture.stores.store.upsertIndicators([feedIndicator]);
});
afterEach(() => fixture.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, user: string, payload?: Record<string, unknown>) =>
  fixture.app.inject({ method, url, headers: fixture.auth(user), ...(payload ? { payload } : {}) });

/** What the next investigation matches on the later event: a fresh index from the feed plus the store. */
async function nextInvestigationMatches(): Promise<string[]> {
  const index = new IndicatorIndex({ now: () => fixedNow.getTime() });
  index.add([feedIndicator]);
  await applyStoredIndicatorKnowledge(index, fixture.stores.store);
  return index.match(laterEvent).map((match) => `${match.indicator.id}@${match.score}`);
}

describe('indicator lifecycle', () => {
  it('shows decay scores: a 30-day-old address at half its confidence', async () => {
    const listed = (await call('GET', '/api/v1/indicators', 'viewer')).json();
    expect(listed.lifecycle['indicator--feed-ip']).toMatchObject({ score: 40, active: true, expired: false });
  });

  it('marks a false positive and clears it, each applied by the next investigation', async () => {
    expect(await nextInvestigationMatches()).toHaveLength(1);
    const set = await call('POST', '/api/v1/indicator-overrides', 'analyst', {
      target: { indicatorId: feedIndicator.id },
      override: { kind: 'false-positive', reason: 'our VPN exit' },
    });
    expect(set.statusCode).toBe(201);
    expect(await nextInvestigationMatches()).toEqual([]);
    const listed = (await call('GET', '/api/v1/indicators', 'viewer')).json();
    expect(listed.lifecycle[feedIndicator.id]).toMatchObject({
      score: 0,
      active: false,
      override: { override: { kind: 'false-positive' }, author: 'analyst' },
    });
    const key = encodeURIComponent(set.json().key);
    expect((await call('DELETE', `/api/v1/indicator-overrides/${key}`, 'analyst-2')).json()).toEqual({
      cleared: true,
      key: 'id:indicator--feed-ip',
    });
    expect(await nextInvestigationMatches()).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/indicator-overrides/${key}`, 'analyst')).statusCode).toBe(404);
  });

  it('allow-lists a value and pins a score', async () => {
    await call('POST', '/api/v1/indicator-overrides', 'analyst', {
      target: { indicatorId: feedIndicator.id },
      override: { kind: 'pinned-score', score: 95, reason: 'seen in our ransomware case' },
    });
    expect(await nextInvestigationMatches()).toEqual(['indicator--feed-ip@95']);
    const allowed = await call('POST', '/api/v1/indicator-overrides', 'analyst', {
      target: { type: 'ipv4-addr', value: '203.0.113.9' },
      override: { kind: 'allow', reason: 'partner scanner' },
    });
    expect(allowed.json().key).toBe('value:ipv4-addr:203.0.113.9');
    expect(await nextInvestigationMatches()).toEqual([]);
    expect((await call('GET', '/api/v1/indicator-overrides', 'viewer')).json().items).toHaveLength(2);
    const refused = await call('POST', '/api/v1/indicator-overrides', 'analyst', {
      target: { indicatorId: feedIndicator.id },
      override: { kind: 'allow', reason: 'x' },
    });
    expect(refused.statusCode).toBe(400);
    const badScore = await call('POST', '/api/v1/indicator-overrides', 'analyst', {
      target: { indicatorId: feedIndicator.id },
      override: { kind: 'pinned-score', score: 101, reason: 'x' },
    });
    expect(badScore.statusCode).toBe(400);
  });

  it('expires an indicator so later events no longer match it', async () => {
    const expired = await call('POST', `/api/v1/indicators/${feedIndicator.id}/expire`, 'analyst', {
      reason: 'infrastructure taken down',
    });
    expect(expired.json().validUntil).toBe(fixedNow.toISOString());
    expect(await nextInvestigationMatches()).toEqual([]);
    const listed = (await call('GET', '/api/v1/indicators', 'viewer')).json();
    expect(listed.lifecycle[feedIndicator.id]).toMatchObject({ expired: true, active: false });
    expect((await call('POST', '/api/v1/indicators/nope/expire', 'analyst', { reason: 'x' })).statusCode).toBe(404);
    const audit = (await call('GET', '/api/v1/audit?limit=100', 'admin')).json().items;
    expect(audit.at(-1)).toMatchObject({ actor: 'analyst', action: 'indicator-expired' });
  });
});
