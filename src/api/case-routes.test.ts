import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, createFixture, incidentId } from './test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.close());

const call = (method: 'GET' | 'POST', url: string, user: string, payload?: Record<string, unknown>) =>
  fixture.app.inject({ method, url, headers: fixture.auth(user), ...(payload ? { payload } : {}) });
const base = `/api/v1/incidents/${incidentId}`;

describe('notes and assignment over the API', () => {
  it('assigns, notes, shows the assignee on the queue, and keeps both in a verified audit chain', async () => {
    expect((await call('GET', `${base}/case`, 'viewer')).json()).toMatchObject({ assignee: null, notes: [] });
    const assigned = await call('POST', `${base}/assignment`, 'analyst', { assignee: 'analyst-2' });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assignee: 'analyst-2', assignedBy: 'analyst' });
    const noted = await call('POST', `${base}/notes`, 'analyst-2', {
      text: 'Confirmed with the helpdesk: not a test.',
    });
    expect(noted.statusCode).toBe(201);
    expect(noted.json().notes).toMatchObject([
      { author: 'analyst-2', text: 'Confirmed with the helpdesk: not a test.' },
    ]);
    const queue = (await call('GET', '/api/v1/incidents', 'viewer')).json();
    expect(queue.items.find((item: { id: string }) => item.id === incidentId).assignee).toBe('analyst-2');
    const audit = (await call('GET', `/api/v1/audit?subjectId=${incidentId}`, 'analyst')).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['incident-assigned', 'incident-note-added']),
    );
    expect((await call('GET', '/api/v1/audit/verify', 'analyst')).json()).toMatchObject({ valid: true });
    await call('POST', `${base}/assignment`, 'analyst-2', { assignee: null });
    const queueAfter = (await call('GET', '/api/v1/incidents', 'viewer')).json();
    expect(queueAfter.items.find((item: { id: string }) => item.id === incidentId).assignee).toBeUndefined();
  });

  it('refuses a viewer, an empty note, an unknown incident and a multi-line assignee', async () => {
    expect((await call('POST', `${base}/notes`, 'viewer', { text: 'hello' })).statusCode).toBe(403);
    const empty = await call('POST', `${base}/notes`, 'analyst', { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect((await call('POST', '/api/v1/incidents/nope/notes', 'analyst', { text: 'x' })).statusCode).toBe(404);
    expect((await call('POST', `${base}/assignment`, 'analyst', { assignee: 'a\nb' })).statusCode).toBe(400);
    expect((await call('GET', `${base}/case`, 'viewer')).json().entries).toEqual([]);
  });
});
