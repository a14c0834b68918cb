/**
 * The behaviour every `Store` implementation must show. Each backend's test file calls
 * `runStoreContract` with a factory that opens a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, Event, Incident, Indicator } from '../../core/index.js';
import { sampleArtifacts, sampleExplanation, samplePlan } from '../../core/test-support/sample-artifacts.js';
import type { Store } from '../store.js';

export function sampleEvent(id: string, timestamp = '2024-05-01T10:00:00.000Z', host = 'WS01'): Event {
  return {
    id,
    timestamp,
    origin: { format: 'windows-json', file: 'sample.json', line: 1, dataset: 'Security' },
    kind: 'event',
    category: ['process'],
    outcome: 'unknown',
    host: { name: host },
    observables: [{ type: 'hostname', value: host, field: 'host.name' }],
    fields: { EventID: 4688 },
    raw: `{"id":"${id}"}`,
  };
}

export function sampleAlert(id: string, eventIds: string[]): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: 'rule-1',
    ruleTitle: 'Rule one',
    severity: 'high',
    timestamp: '2024-05-01T10:00:00.000Z',
    eventIds,
    techniques: ['T1003.001'],
    tactics: ['credential-access'],
    cves: [],
  };
}

export function sampleIncident(id: string): Incident {
  return {
    id,
    title: 'Credential access on WS01',
    severity: 'high',
    status: 'new',
    alertIds: ['a1'],
    eventIds: ['e1'],
    entities: { hosts: ['ws01'], users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
    techniques: ['T1003.001'],
    tactics: ['credential-access'],
    stages: [
      {
        tactic: 'credential-access',
        techniques: ['T1003.001'],
        firstSeen: '2024-05-01T10:00:00.000Z',
        lastSeen: '2024-05-01T10:00:00.000Z',
        evidence: [{ kind: 'alert', id: 'a1' }],
      },
    ],
    firstSeen: '2024-05-01T10:00:00.000Z',
    lastSeen: '2024-05-01T10:00:00.000Z',
    groupedBy: ['host:ws01'],
  };
}

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores each event once, whatever the number of insertions', async () => {
      const events = [sampleEvent('e1'), sampleEvent('e2'), sampleEvent('e3')];
      expect(await store.insertEvents(events)).toEqual({ stored: 3, duplicates: 0 });
      expect(await store.insertEvents([...events, sampleEvent('e4')])).toEqual({ stored: 1, duplicates: 3 });
      expect(await store.countEvents()).toBe(4);
      const [first] = await store.getEvents(['e1']);
      expect(first).toEqual(events[0]);
    });

    it('stores prepared groups as insertEvents of all their events in order, and refuses a foreign group', async () => {
      const events = [sampleEvent('g1'), sampleEvent('g2'), sampleEvent('g3')];
      const groups = [store.prepareEvents(events.slice(0, 2)), store.prepareEvents([events[1]!, events[2]!])];
      expect(groups.map((group) => group.count)).toEqual([2, 2]);
      expect(await store.countEvents()).toBe(0);
      expect(await store.insertPreparedEvents(groups, { durability: 'replayable' })).toEqual({
        stored: 3,
        duplicates: 1,
      });
      expect(await store.insertPreparedEvents([store.prepareEvents([])])).toEqual({ stored: 0, duplicates: 0 });
      expect(await store.getEvents(['g1', 'g2', 'g3'])).toEqual(expect.arrayContaining(events));
      await expect(store.insertPreparedEvents([{ count: 1 }])).rejects.toThrow(TypeError);
      expect(await store.countEvents()).toBe(3);
    });

    it('stores replayable events (committed without waiting on the disk) as synced ones', async () => {
      const events = [sampleEvent('r1'), sampleEvent('r2')];
      expect(await store.insertEvents(events, { durability: 'replayable' })).toEqual({ stored: 2, duplicates: 0 });
      expect(await store.insertEvents(events, { durability: 'synced' })).toEqual({ stored: 0, duplicates: 2 });
      expect(await store.getEvents(['r1', 'r2'])).toEqual(expect.arrayContaining(events));
      // The next write commits as before, fully synchronised.
      expect(await store.insertEvents([sampleEvent('r3')])).toEqual({ stored: 1, duplicates: 0 });
      expect(await store.countEvents()).toBe(3);
    });

    it('lists events by time range and host', async () => {
      await store.insertEvents([
        sampleEvent('e1', '2024-05-01T10:00:00.000Z', 'WS01'),
        sampleEvent('e2', '2024-05-01T11:00:00.000Z', 'WS02'),
        sampleEvent('e3', '2024-05-01T12:00:00.000Z', 'WS01'),
      ]);
      const ids = (events: Event[]) => events.map((event) => event.id);
      expect(ids(await store.listEvents({ host: 'ws01' }))).toEqual(['e1', 'e3']);
      expect(ids(await store.listEvents({ from: '2024-05-01T10:30:00.000Z', to: '2024-05-01T12:00:00.000Z' }))).toEqual(
        ['e2'],
      );
    });

    it('pages events by a (timestamp, id) keyset cursor, with time and host filters', async () => {
      await store.insertEvents([
        sampleEvent('e3', '2024-05-01T10:00:00.000Z', 'WS01'),
        sampleEvent('e1', '2024-05-01T10:00:00.000Z', 'WS01'),
        sampleEvent('e2', '2024-05-01T10:00:00.000Z', 'WS02'),
        sampleEvent('e4', '2024-05-01T11:00:00.000Z', 'WS01'),
        sampleEvent('e0', '2024-05-01T12:00:00.000Z', 'WS01'),
      ]);
      const ids = (events: Event[]) => events.map((event) => event.id);
      const all = await store.listEvents();
      expect(ids(all)).toEqual(['e1', 'e2', 'e3', 'e4', 'e0']);
      const pages: string[] = [];
      let after: { timestamp: string; id: string } | undefined;
      for (let page = 0; page < 10; page++) {
        const found = await store.listEvents({ limit: 2, ...(after ? { after } : {}) });
        pages.push(ids(found).join(','));
        const last = found.at(-1);
        if (!last) break;
        after = { timestamp: last.timestamp, id: last.id };
      }
      expect(pages).toEqual(['e1,e2', 'e3,e4', 'e0', '']);
      expect(
        ids(await store.listEvents({ host: 'ws01', after: { timestamp: '2024-05-01T10:00:00.000Z', id: 'e1' } })),
      ).toEqual(['e3', 'e4', 'e0']);
      expect(
        ids(
          await store.listEvents({
            to: '2024-05-01T12:00:00.000Z',
            after: { timestamp: '2024-05-01T10:00:00.000Z', id: 'e3' },
          }),
        ),
      ).toEqual(['e4']);
    });

    it('counts alerts, and incidents by status, in the database', async () => {
      expect(await store.countAlerts()).toBe(0);
      expect(await store.countIncidentsByStatus()).toEqual({});
      await store.insertEvents([sampleEvent('e1')]);
      await store.insertAlerts([sampleAlert('a1', ['e1']), sampleAlert('a2', ['e1']), sampleAlert('a1', ['e1'])]);
      expect(await store.countAlerts()).toBe(2);
      const ids = (alerts: Alert[]) => alerts.map((alert) => alert.id).sort();
      expect(ids(await store.listAlerts({ ruleId: 'rule-1', severity: 'high' }))).toEqual(['a1', 'a2']);
      expect(await store.listAlerts({ ruleId: 'no-such-rule' })).toEqual([]);
      expect(await store.listAlerts({ severity: 'informational' })).toEqual([]);
      await store.saveIncident(sampleIncident('i1'));
      await store.saveIncident({ ...sampleIncident('i2'), status: 'closed' });
      await store.saveIncident({ ...sampleIncident('i3'), status: 'closed' });
      await store.saveIncident({ ...sampleIncident('i2'), status: 'investigating' });
      expect(await store.countIncidentsByStatus()).toEqual({ new: 1, closed: 1, investigating: 1 });
    });

    it('lists the events of one category among the ones the limit reads', async () => {
      const logon = (id: string, timestamp: string): Event => ({
        ...sampleEvent(id, timestamp),
        category: ['authentication', 'session'],
        fields: { EventID: 4624 },
      });
      await store.insertEvents([
        logon('l1', '2024-05-01T10:00:00.000Z'),
        sampleEvent('p1', '2024-05-01T10:01:00.000Z'),
        // A process event whose field value is the category's name is still not an authentication event.
        { ...sampleEvent('p2', '2024-05-01T10:02:00.000Z'), fields: { Note: 'authentication' } },
        logon('l2', '2024-05-01T10:03:00.000Z'),
        logon('l3', '2024-05-01T10:04:00.000Z'),
      ]);
      const ids = (events: Event[]) => events.map((event) => event.id);
      expect(ids(await store.listEvents({ host: 'ws01', category: 'authentication' }))).toEqual(['l1', 'l2', 'l3']);
      // The limit counts every event of the window: the first four are read, three of them are not logons.
      expect(ids(await store.listEvents({ host: 'ws01', category: 'authentication', limit: 4 }))).toEqual(['l1', 'l2']);
      expect(ids(await store.listEvents({ category: 'network' }))).toEqual([]);
      const [first] = await store.listEvents({ category: 'authentication', limit: 1 });
      expect(first).toEqual(logon('l1', '2024-05-01T10:00:00.000Z'));
    });

    it('keeps alerts, incidents with artifacts, and proposals', async () => {
      expect(await store.insertAlerts([sampleAlert('a1', ['e1']), sampleAlert('a1', ['e1'])])).toBe(1);
      expect((await store.listAlerts()).map((alert) => alert.id)).toEqual(['a1']);
      await store.saveIncident(sampleIncident('i1'), { plan: samplePlan('i1', { summary: 'first' }) });
      await store.saveIncident(
        { ...sampleIncident('i1'), status: 'investigating' },
        { plan: samplePlan('i1', { summary: 'second' }) },
      );
      const found = await store.getIncident('i1');
      expect(found?.incident.status).toBe('investigating');
      expect(found?.artifacts).toEqual({ plan: samplePlan('i1', { summary: 'second' }) });
      expect(await store.getIncident('missing')).toBeUndefined();
      const proposal = {
        id: 'p1',
        incidentId: 'i1',
        actionType: 'isolate-host' as const,
        target: { kind: 'host' as const, value: 'ws01' },
        parameters: {},
        risk: 'high' as const,
        reversible: true,
        rationale: 'credential dumping seen',
        evidence: [{ kind: 'alert' as const, id: 'a1' }],
      };
      await store.saveProposals('i1', [proposal]);
      await store.saveProposals('i1', [proposal, { ...proposal, id: 'p2', actionType: 'notify' as const }]);
      expect((await store.listProposals('i1')).map((item) => item.id)).toEqual(['p1', 'p2']);
    });

    it('fetches alerts, incidents and indicators by id, in chunks', async () => {
      const alerts = Array.from({ length: 450 }, (_, index) => sampleAlert(`a${index}`, ['e1']));
      await store.insertAlerts(alerts);
      const wanted = [...alerts.slice(0, 420).map((alert) => alert.id), 'missing'];
      const found = await store.getAlerts(wanted);
      expect(found.map((alert) => alert.id).sort()).toEqual(wanted.filter((id) => id !== 'missing').sort());
      expect(found.find((alert) => alert.id === 'a7')).toEqual(alerts[7]);
      expect(await store.getAlerts([])).toEqual([]);
      const indicator = (id: string): Indicator => ({
        id,
        type: 'domain-name',
        value: `${id}.example`,
        confidence: 50,
        revoked: false,
        source: 'test-feed',
        tlp: 'green',
        labels: [],
        techniques: [],
      });
      await store.upsertIndicators([indicator('indicator--1'), indicator('indicator--2')]);
      expect(await store.getIndicators(['indicator--2', 'indicator--9'])).toEqual([indicator('indicator--2')]);
      await store.saveIncident(sampleIncident('i1'), { plan: samplePlan('i1') });
      await store.saveIncident(sampleIncident('i2'));
      const incidents = await store.getIncidents(['i1', 'i2', 'i3']);
      expect(incidents.map((item) => [item.incident.id, item.artifacts]).sort()).toEqual([
        ['i1', { plan: samplePlan('i1') }],
        ['i2', {}],
      ]);
    });

    it('lists proposals and approvals for many incidents at once', async () => {
      const proposal = (id: string, incidentId: string) => ({
        id,
        incidentId,
        actionType: 'notify' as const,
        target: { kind: 'host' as const, value: 'ws01' },
        parameters: {},
        risk: 'low' as const,
        reversible: true,
        rationale: 'tell the owner',
        evidence: [{ kind: 'alert' as const, id: 'a1' }],
      });
      await store.saveProposals('i1', [proposal('p2', 'i1'), proposal('p1', 'i1')]);
      await store.saveProposals('i2', [proposal('p3', 'i2')]);
      const byIncident = await store.listProposalsForIncidents(['i1', 'i2', 'i3']);
      expect([...byIncident.keys()].sort()).toEqual(['i1', 'i2']);
      expect(byIncident.get('i1')?.map((item) => item.id)).toEqual(['p2', 'p1']);
      const approval = (id: string, proposalId: string, decidedAt: string) => ({
        id,
        proposalId,
        decision: 'approved' as const,
        decidedBy: 'alice',
        decidedAt,
      });
      await store.recordApproval(approval('ap2', 'p1', '2024-05-01T11:00:00.000Z'));
      await store.recordApproval(approval('ap1', 'p1', '2024-05-01T10:00:00.000Z'));
      const byProposal = await store.listApprovalsForProposals(['p1', 'p2']);
      expect([...byProposal.keys()]).toEqual(['p1']);
      expect(byProposal.get('p1')).toEqual(await store.listApprovals('p1'));
      expect(byProposal.get('p1')?.map((item) => item.id)).toEqual(['ap1', 'ap2']);
    });

    it('merges artifact keys atomically, keeping the other keys', async () => {
      expect(await store.mergeIncidentArtifacts('missing', { plan: samplePlan('missing') })).toBe(false);
      await store.saveIncident(sampleIncident('i1'), {
        correlation: sampleExplanation(1),
        related: [{ incidentId: 'i2', via: ['ip:10.0.0.1'] }],
      });
      const all = sampleArtifacts('i1');
      const { correlation: _kept, related: _removed, plan: _later, ...others } = all;
      const merges = Object.entries(others).map(([key, value]) => store.mergeIncidentArtifacts('i1', { [key]: value }));
      expect(await Promise.all(merges)).toEqual(Array(merges.length).fill(true));
      expect(await store.mergeIncidentArtifacts('i1', { related: undefined, plan: samplePlan('i1') })).toBe(true);
      const found = await store.getIncident('i1');
      expect(found?.incident).toEqual(sampleIncident('i1'));
      const { related: _gone, ...expected } = { ...all, correlation: sampleExplanation(1) };
      expect(found?.artifacts).toEqual(expected);
      // a key's value is replaced whole (no deep merge)
      await store.mergeIncidentArtifacts('i1', { correlation: sampleExplanation(7) });
      expect((await store.getIncident('i1'))?.artifacts.correlation).toEqual(sampleExplanation(7));
      // a key the schema does not know, or a value its schema refuses, is not written
      await expect(store.mergeIncidentArtifacts('i1', { 'say "hi"': 1 } as never)).rejects.toThrow(
        /unknown incident artifact/,
      );
      await expect(store.mergeIncidentArtifacts('i1', { plan: { actions: 1 } } as never)).rejects.toThrow();
      await expect(store.saveIncident(sampleIncident('i3'), { graph: { nodes: 1 } } as never)).rejects.toThrow();
      expect((await store.getIncident('i1'))?.artifacts.plan).toEqual(samplePlan('i1'));
    });

    it('writes an incident, its proposals and its audit entries in one transaction', async () => {
      const created = {
        actor: 'vigil',
        action: 'incident-created',
        subject: { kind: 'incident', id: 'i1' },
        details: {},
      };
      const proposal = {
        id: 'p1',
        incidentId: 'i1',
        actionType: 'notify' as const,
        target: { kind: 'incident' as const, value: 'i1' },
        risk: 'low' as const,
        reversible: true,
        rationale: 'tell the team',
        parameters: {},
        evidence: [{ kind: 'alert' as const, id: 'a1' }],
      };
      expect(
        await store.recordIncident({
          mode: 'replace',
          incident: sampleIncident('i1'),
          artifacts: { correlation: sampleExplanation() },
          proposals: [proposal],
          audit: [created],
        }),
      ).toBe(true);
      expect(await store.verifyAudit()).toEqual({ valid: true, entries: 1 });
      // a bad audit entry rolls the incident change back with it
      await expect(
        store.recordIncident({
          mode: 'merge',
          incidentId: 'i1',
          artifacts: { plan: samplePlan('i1') },
          audit: [{ ...created, action: 'plan-proposed', subject: { kind: 'incident', id: 7 as never } }],
        }),
      ).rejects.toThrow();
      expect((await store.getIncident('i1'))?.artifacts).toEqual({ correlation: sampleExplanation() });
      expect(
        await store.recordIncident({ mode: 'merge', incidentId: 'missing', artifacts: {}, audit: [created] }),
      ).toBe(false);
      expect((await store.listAudit()).map((entry) => entry.action)).toEqual(['incident-created']);
      expect(await store.listProposals('i1')).toHaveLength(1);
      // an incident stored without its entry (a write outside recordIncident) is reported
      await store.saveIncident(sampleIncident('i2'));
      expect(await store.verifyAudit()).toEqual({ valid: false, entries: 1, incidentsWithoutEntry: ['i2'] });
    });

    it('keeps notes and assignments with the audit entries that record them', async () => {
      await store.recordIncident({
        mode: 'replace',
        incident: sampleIncident('i1'),
        artifacts: {},
        audit: [{ actor: 'vigil', action: 'incident-created', subject: { kind: 'incident', id: 'i1' }, details: {} }],
      });
      const assigned = await store.recordCaseEntry({
        kind: 'assignment',
        id: 'c1',
        incidentId: 'i1',
        author: 'alice',
        at: '2024-05-01T11:00:00.000Z',
        assignee: 'bob',
      });
      expect(assigned).toMatchObject({
        action: 'incident-assigned',
        actor: 'alice',
        subject: { kind: 'incident', id: 'i1' },
        details: { entryId: 'c1', assignee: 'bob' },
      });
      await store.recordCaseEntry({
        kind: 'note',
        id: 'c2',
        incidentId: 'i1',
        author: 'bob',
        at: '2024-05-01T11:05:00.000Z',
        text: 'LSASS dump confirmed on ws01\nchecking the file server',
      });
      await store.recordCaseEntry({
        kind: 'assignment',
        id: 'c0',
        incidentId: 'i2',
        author: 'carol',
        at: '2024-05-01T10:00:00.000Z',
        assignee: null,
      });
      expect((await store.listCaseEntries(['i1'])).map((entry) => entry.id)).toEqual(['c1', 'c2']);
      expect((await store.listCaseEntries(['i1', 'i2'])).map((entry) => entry.id)).toEqual(['c1', 'c2', 'c0']);
      expect(await store.listCaseEntries([])).toEqual([]);
      // two assignments in one millisecond keep the order they were written in
      for (const [id, assignee] of [
        ['c9', 'zed'],
        ['c8', 'amy'],
      ] as const)
        await store.recordCaseEntry({
          kind: 'assignment',
          id,
          incidentId: 'i3',
          author: 'alice',
          at: '2024-05-01T12:00:00.000Z',
          assignee,
        });
      expect((await store.listCaseEntries(['i3'])).map((entry) => entry.id)).toEqual(['c9', 'c8']);
      expect((await store.listAudit({ subjectId: 'i1', action: 'incident-note-added' }))[0]?.details).toEqual({
        entryId: 'c2',
        text: 'LSASS dump confirmed on ws01\nchecking the file server',
      });
      expect(await store.verifyAudit()).toEqual({ valid: true, entries: 6 });
      await expect(
        store.recordCaseEntry({ kind: 'note', id: 'c3', incidentId: 'i1', author: 'bob', at: 'now', text: 'x' }),
      ).rejects.toThrow();
      expect(await store.verifyAudit()).toEqual({ valid: true, entries: 6 });
    });

    it('rejects a domain object its schema refuses', async () => {
      await expect(store.saveIncident({ ...sampleIncident('bad'), severity: 'extreme' as never })).rejects.toThrow();
    });

    it('upserts indicators by id', async () => {
      const indicator: Indicator = {
        id: 'indicator--1',
        type: 'ipv4-addr',
        value: '203.0.113.7',
        confidence: 80,
        revoked: false,
        source: 'test-feed',
        tlp: 'green',
        labels: [],
        techniques: [],
      };
      await store.upsertIndicators([indicator]);
      await store.upsertIndicators([{ ...indicator, confidence: 30 }]);
      expect(await store.countIndicators()).toBe(1);
      expect((await store.listIndicators())[0]?.confidence).toBe(30);
    });

    it('keeps rejected records for reading back', async () => {
      await store.recordRejections([{ file: 'a.log', line: 3, reason: 'not JSON' }]);
      const [rejection] = await store.listRejections();
      expect(rejection).toMatchObject({ file: 'a.log', line: 3, reason: 'not JSON' });
    });

    it('chains audit entries and detects tampering', async () => {
      await store.appendAudit({
        actor: 'alice',
        action: 'incident-created',
        subject: { kind: 'incident', id: 'i1' },
        details: {},
      });
      const second = await store.appendAudit({
        actor: 'bob',
        action: 'action-approved',
        subject: { kind: 'proposal', id: 'p1' },
        details: { reason: 'confirmed' },
      });
      expect(second.sequence).toBe(1);
      expect(await store.verifyAudit()).toEqual({ valid: true, entries: 2 });
      expect((await store.listAudit({ subjectId: 'p1' })).map((entry) => entry.actor)).toEqual(['bob']);
      const bySubjects = await store.listAudit({ subjectIds: ['p1', 'i1', 'x'] });
      expect(bySubjects.map((entry) => entry.sequence)).toEqual([0, 1]);
      expect((await store.listAudit({ subjectIds: ['p1', 'i1'], limit: 1 })).map((entry) => entry.actor)).toEqual([
        'alice',
      ]);
      expect(
        (await store.listAudit({ subjectIds: ['p1', 'i1'], action: 'action-approved' })).map((entry) => entry.actor),
      ).toEqual(['bob']);
    });
  });
}
