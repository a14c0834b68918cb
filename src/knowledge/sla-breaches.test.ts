import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatConnector, createConnectorRegistry } from '../respond/index.js';
import { openStores, type Stores } from '../store/index.js';
import { sampleIncident } from '../store/test-support/store-contract.js';
import { addIncidentNote } from './case-file.js';
import { incidentSlaStatuses, recordSlaBreaches } from './sla-breaches.js';
import { defaultSlaTargets } from './sla-timers.js';

const opened = '2024-05-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(opened) + minutes * 60_000);

describe('SLA breaches', () => {
  let stores: Stores;
  let server: Server;
  let received: unknown[];
  let url: string;
  beforeEach(async () => {
    stores = await openStores(':memory:');
    // a high incident opened at 10:00 (acknowledge within 30m, contain within 4h)
    await stores.store.recordIncident({
      mode: 'replace',
      incident: sampleIncident('i1'),
      artifacts: {},
      audit: [
        {
          actor: 'vigil',
          action: 'incident-created',
          subject: { kind: 'incident', id: 'i1' },
          details: {},
          timestamp: opened,
        },
      ],
    });
    received = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    await stores.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('records each breach once in the audit chain and posts it to the notify connector (Slack webhook format)', async () => {
    const connectors = createConnectorRegistry([createChatConnector({ url, flavour: 'slack' })]);
    const sources = { store: stores.store, targets: defaultSlaTargets, connectors };
    expect(await recordSlaBreaches({ ...sources, now: at(20) })).toEqual([]);
    const first = await recordSlaBreaches({ ...sources, now: at(31) });
    expect(first.map((breach) => breach.timer)).toEqual(['acknowledge']);
    expect(await recordSlaBreaches({ ...sources, now: at(32) })).toEqual([]);
    expect(received).toHaveLength(1);
    expect((received[0] as { text: string }).text).toContain('SLA breached: high incident');
    expect((received[0] as { text: string }).text).toContain('was not acknowledged by 2024-05-01T10:30:00.000Z');
    const audit = await stores.store.listAudit({ subjectId: 'i1', action: 'sla-breached' });
    expect(audit.map((entry) => entry.details)).toEqual([
      { timer: 'acknowledge', dueAt: '2024-05-01T10:30:00.000Z', severity: 'high' },
    ]);
    expect((await stores.store.verifyAudit()).valid).toBe(true);
  });

  it('acknowledges with a note, and audits a notification that failed', async () => {
    await addIncidentNote(
      { store: stores.store, now: () => at(10) },
      { incidentId: 'i1', author: 'alice', text: 'looking' },
    );
    const [status] = (
      await incidentSlaStatuses({ store: stores.store, targets: defaultSlaTargets, now: at(300) }, [
        sampleIncident('i1'),
      ])
    ).values();
    expect(status?.timers.map((timer) => timer.state)).toEqual(['met', 'breached', 'running']);
    await new Promise((resolve) => server.close(resolve));
    const connectors = createConnectorRegistry([createChatConnector({ url, flavour: 'slack' })]);
    const breaches = await recordSlaBreaches({
      store: stores.store,
      targets: defaultSlaTargets,
      connectors,
      now: at(300),
    });
    expect(breaches.map((breach) => breach.timer)).toEqual(['contain']);
    const failed = await stores.store.listAudit({ subjectId: 'i1', action: 'sla-notify-failed' });
    expect(failed).toHaveLength(1);
    server = createServer();
    server.listen(0);
  });
});
