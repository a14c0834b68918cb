import { afterEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, fixtureIncident, incidentId } from '../test-support/api-fixture.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Reads server-sent events from a fetch body until `enough` says so. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  enough: (events: { event: string; data: unknown }[]) => boolean,
): Promise<{ event: string; data: unknown }[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (name && data) events.push({ event: name, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('server-sent events', () => {
  it('streams decisions, runs and incidents written by other processes', async () => {
    fixture = await createFixture({ watchIntervalMs: 50 });
    const baseUrl = await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${baseUrl}/api/v1/live`, { headers: fixture.auth('viewer') });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const wanted = ['approval-decided', 'incident-created', 'run-updated'];
    const reading = readEvents(response.body!, (events) =>
      wanted.every((name) => events.some((event) => event.event === name)),
    );
    // let the subscription settle, then change things
    await new Promise((resolve) => setTimeout(resolve, 100));
    await fetch(`${baseUrl}/api/v1/incidents/${incidentId}/proposals/proposal-medium/decision`, {
      method: 'POST',
      headers: { ...fixture.auth('analyst'), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approved' }),
    });
    await fixture.stores.store.saveIncident({ ...fixtureIncident, id: 'incident--second', title: 'Second' });
    const events = await reading;
    expect(events[0]).toEqual({ event: 'ready', data: { user: 'viewer' } });
    const names = new Set(events.slice(1).map((event) => event.event));
    expect([...names].sort()).toEqual(
      expect.arrayContaining(['approval-decided', 'approval-requested', 'incident-created', 'run-updated']),
    );
    const created = events.find((event) => event.event === 'incident-created')!.data as { subjectId: string };
    expect(created.subjectId).toBe('incident--second');
  });
});
