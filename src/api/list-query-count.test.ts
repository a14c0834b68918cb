/**
 * The incident list and the approval queue read the store a fixed number of times, whatever
 * the number of incidents (no query per incident).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { samplePlan } from '../core/test-support/sample-artifacts.js';
import type { Stores } from '../store/index.js';
import { type ApiFixture, createFixture, fixtureIncident, proposals } from './test-support/api-fixture.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function addIncidents(stores: Stores, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const id = `incident--extra-${index}`;
    await stores.store.saveIncident(
      { ...fixtureIncident, id, title: `Extra ${index}` },
      { plan: samplePlan(id, { summary: `plan ${index}` }) },
    );
    if (index % 2 === 0)
      await stores.store.saveProposals(
        id,
        Object.values(proposals).map((proposal) => ({ ...proposal, id: `${proposal.id}-${index}`, incidentId: id })),
      );
  }
}

/** Counts calls to every method of the store and the run store while `read` runs. */
async function countReads(stores: Stores, read: () => Promise<unknown>): Promise<number> {
  let calls = 0;
  const restore: (() => void)[] = [];
  for (const target of [stores.store, stores.runs] as unknown as Record<string, unknown>[]) {
    let prototype = Object.getPrototypeOf(target);
    const names = new Set<string>();
    while (prototype && prototype !== Object.prototype) {
      for (const name of Object.getOwnPropertyNames(prototype)) if (name !== 'constructor') names.add(name);
      prototype = Object.getPrototypeOf(prototype);
    }
    for (const name of names) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = (...args: unknown[]) => {
        calls += 1;
        return original.apply(target, args);
      };
      restore.push(() => delete target[name]);
    }
  }
  try {
    await read();
  } finally {
    for (const undo of restore) undo();
  }
  return calls;
}

async function readsFor(extraIncidents: number, url: string): Promise<number> {
  fixture = await createFixture();
  await addIncidents(fixture.stores, extraIncidents);
  const current = fixture;
  const calls = await countReads(current.stores, async () => {
    const response = await current.app.inject({ method: 'GET', url, headers: current.auth('analyst') });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.length).toBeGreaterThan(extraIncidents / 2);
  });
  await fixture.close();
  fixture = undefined;
  return calls;
}

describe('list endpoints without a query per incident', () => {
  it.each(['/api/v1/incidents', '/api/v1/approvals'])('%s reads as often for 2 incidents as for 30', async (url) => {
    const few = await readsFor(2, url);
    const many = await readsFor(30, url);
    expect(many).toBe(few);
    expect(few).toBeGreaterThan(0);
    expect(few).toBeLessThan(10);
  });
});
