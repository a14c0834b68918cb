import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../store/index.js';
import { sampleIncident } from '../store/test-support/store-contract.js';
import { addIncidentNote, assignIncident, loadCaseFile } from './case-file.js';

describe('the case file: notes and assignment in the audit chain', () => {
  let stores: Stores;
  let clock = new Date('2024-05-01T12:00:00.000Z');
  const now = () => clock;
  beforeEach(async () => {
    stores = await openStores(':memory:');
    await stores.store.recordIncident({
      mode: 'replace',
      incident: sampleIncident('i1'),
      artifacts: {},
      audit: [{ actor: 'vigil', action: 'incident-created', subject: { kind: 'incident', id: 'i1' }, details: {} }],
    });
  });
  afterEach(() => stores.close());

  it('keeps the last assignment and every note, each with its audit entry', async () => {
    await assignIncident({ store: stores.store, now }, { incidentId: 'i1', author: 'alice', assignee: 'bob' });
    clock = new Date('2024-05-01T12:05:00.000Z');
    await addIncidentNote(
      { store: stores.store, now },
      { incidentId: 'i1', author: 'bob', text: '  adm-jdoe reset requested from IAM  ' },
    );
    clock = new Date('2024-05-01T12:10:00.000Z');
    await assignIncident({ store: stores.store, now }, { incidentId: 'i1', author: 'bob', assignee: 'carol' });
    const file = await loadCaseFile(stores.store, 'i1');
    expect(file.assignee).toBe('carol');
    expect(file.assignedBy).toBe('bob');
    expect(file.assignedAt).toBe('2024-05-01T12:10:00.000Z');
    expect(file.notes.map((note) => note.text)).toEqual(['adm-jdoe reset requested from IAM']);
    expect(file.entries).toHaveLength(3);
    const audit = await stores.store.listAudit({ subjectId: 'i1' });
    expect(audit.map((entry) => `${entry.actor} ${entry.action}`)).toEqual([
      'vigil incident-created',
      'alice incident-assigned',
      'bob incident-note-added',
      'bob incident-assigned',
    ]);
    expect(await stores.store.verifyAudit()).toEqual({ valid: true, entries: 4 });
  });

  it('hands an incident back to the queue', async () => {
    await assignIncident({ store: stores.store, now }, { incidentId: 'i1', author: 'alice', assignee: 'alice' });
    await assignIncident({ store: stores.store, now }, { incidentId: 'i1', author: 'alice', assignee: null });
    expect((await loadCaseFile(stores.store, 'i1')).assignee).toBeNull();
  });

  it('refuses an empty note, a control character, a multi-line name and an unknown incident, writing nothing', async () => {
    const stores_ = { store: stores.store, now };
    await expect(addIncidentNote(stores_, { incidentId: 'i1', author: 'bob', text: '   ' })).rejects.toMatchObject({
      code: 'input-invalid',
      location: { field: 'text' },
    });
    await expect(
      addIncidentNote(stores_, { incidentId: 'i1', author: 'bob', text: 'ok\u001b[31m red' }),
    ).rejects.toMatchObject({ code: 'input-invalid' });
    await expect(
      assignIncident(stores_, { incidentId: 'i1', author: 'bob', assignee: 'eve\nadmin' }),
    ).rejects.toMatchObject({ code: 'input-invalid', location: { field: 'assignee' } });
    await expect(addIncidentNote(stores_, { incidentId: 'nope', author: 'bob', text: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect((await loadCaseFile(stores.store, 'i1')).entries).toEqual([]);
    expect(await stores.store.verifyAudit()).toEqual({ valid: true, entries: 1 });
  });

  it('keeps markup and template syntax in a note as plain text', async () => {
    const text = '<img src=x onerror=alert(1)> #{7*7} {{7*7}} </textarea>';
    await addIncidentNote({ store: stores.store, now }, { incidentId: 'i1', author: 'bob', text });
    expect((await loadCaseFile(stores.store, 'i1')).notes[0]?.text).toBe(text);
  });
});
