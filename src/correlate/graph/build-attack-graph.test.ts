import { describe, expect, it } from 'vitest';
import { type Alert, attackGraphSchema, type Event } from '../../core/index.js';
import { buildAttackGraph } from './build-attack-graph.js';

const at = (second: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, second)).toISOString();
function event(id: string, second: number, extra: Partial<Event>): Event {
  return {
    id,
    timestamp: at(second),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: [],
    outcome: 'unknown',
    host: { name: 'WS01.corp' },
    observables: [],
    fields: {},
    raw: '{}',
    ...extra,
  };
}
const alert = (id: string, eventIds: string[], tactics: Alert['tactics']): Alert => ({
  id,
  source: 'sigma',
  ruleId: id,
  ruleTitle: id,
  severity: 'high',
  timestamp: at(0),
  eventIds,
  techniques: [],
  tactics,
  cves: [],
});

const story: Event[] = [
  event('spawn', 5, {
    category: ['process'],
    action: 'process-created',
    user: { name: 'alice', domain: 'CORP' },
    process: {
      entityId: '{B}',
      pid: 4100,
      executable: 'C:\\Users\\alice\\AppData\\x.exe',
      commandLine: 'x.exe --run',
      hashes: { sha256: 'ab'.repeat(32) },
      parent: { entityId: '{A}', executable: 'C:\\Windows\\explorer.exe' },
    },
  }),
  event('write', 6, {
    category: ['file'],
    action: 'file-created',
    process: { entityId: '{B}' },
    file: { path: 'C:\\t\\a.exe', hashes: { sha256: 'cd'.repeat(32) } },
  }),
  event('reg', 7, {
    category: ['registry'],
    action: 'registry-value-set',
    process: { entityId: '{B}' },
    registry: { key: 'HKLM\\Run', value: 'updater' },
  }),
  event('net', 8, {
    category: ['network'],
    process: { entityId: '{B}' },
    source: { ip: '10.0.0.21', port: 50000 },
    destination: { ip: '203.0.113.5', port: 443 },
  }),
  event('net2', 9, {
    category: ['network'],
    process: { entityId: '{B}' },
    source: { ip: '10.0.0.21', port: 50001 },
    destination: { ip: '203.0.113.5', port: 443 },
  }),
  // a Zeek record names no host: its internal source address says it is WS01
  event('zeek', 10, {
    origin: { format: 'zeek-tsv', dataset: 'conn' },
    host: undefined,
    category: ['network'],
    source: { ip: '10.0.0.21', port: 50002 },
    destination: { ip: '203.0.113.5', port: 443 },
    network: { transport: 'tcp', protocol: 'ssl' },
  }),
  // the stolen admin account logs on to the server from WS01, then a service is installed there
  event('logon', 20, {
    host: { name: 'SRV02.corp' },
    category: ['authentication', 'session'],
    action: 'logged-in',
    outcome: 'success',
    targetUser: { name: 'admin2', domain: 'CORP' },
    auth: { logonId: '0x1', logonType: '3', method: 'NTLM' },
    source: { ip: '10.0.0.21', domain: 'WS01' },
  }),
  event('service', 30, {
    host: { name: 'SRV02.corp' },
    category: ['configuration'],
    action: 'service-installed',
    fields: { ServiceName: 'Upd' },
    file: { path: '%COMSPEC% /c C:\\Windows\\Temp\\upd.exe', name: 'upd.exe' },
  }),
];

describe('buildAttackGraph', () => {
  const graph = attackGraphSchema.parse(
    buildAttackGraph('incident--1', story, {
      alerts: [alert('a1', ['spawn'], ['execution']), alert('a2', ['service'], ['lateral-movement', 'execution'])],
    }),
  );
  const edges = graph.edges.map((edge) => `${edge.from} -${edge.relation}-> ${edge.to}`);

  it('anchors processes, files and keys on their host and keeps hashes as properties', () => {
    expect(graph.nodes.map((node) => node.kind)).not.toContain('event');
    expect(graph.nodes.some((node) => /^[0-9a-f]{64}$/.test(node.label))).toBe(false);
    const process = graph.nodes.find((node) => node.id === 'process:ws01/b');
    expect(process).toMatchObject({
      host: 'host:ws01',
      label: 'x.exe (4100)',
      properties: { sha256: 'ab'.repeat(32), pid: '4100', image: 'C:\\Users\\alice\\AppData\\x.exe' },
      stage: 'execution',
    });
    expect(graph.nodes.find((node) => node.id === 'file:ws01/c:\\t\\a.exe')?.properties?.sha256).toBe('cd'.repeat(32));
    expect(edges).toContain('process:ws01/a -spawned-> process:ws01/b');
    expect(edges).toContain('user:corp\\alice -ran-as-> process:ws01/b');
    expect(edges).toContain('process:ws01/b -wrote-> file:ws01/c:\\t\\a.exe');
    expect(edges).toContain('process:ws01/b -set-registry-> registry:ws01/hklm\\run');
    const flow = graph.edges.find((edge) => edge.from === 'process:ws01/b' && edge.relation === 'connected-to');
    expect(flow).toMatchObject({ count: 2, firstSeen: at(8), lastSeen: at(9), eventIds: ['net', 'net2'] });
    expect(edges).toContain('host:ws01 -connected-to-> ip:203.0.113.5');
  });

  it('draws a logon and a remote service install between hosts, labelled with account and method', () => {
    const logon = graph.edges.find((edge) => edge.relation === 'remote-logon');
    expect(logon).toMatchObject({
      from: 'host:ws01',
      to: 'host:srv02',
      account: 'CORP\\admin2',
      detail: 'CORP\\admin2 · network logon (NTLM)',
      stage: 'lateral-movement',
    });
    const execution = graph.edges.find((edge) => edge.relation === 'remote-execution');
    expect(execution).toMatchObject({
      from: 'host:ws01',
      to: 'host:srv02',
      detail: 'CORP\\admin2 · service install Upd',
    });
    // the service's ImagePath is a command line: the file node is the payload itself
    expect(graph.nodes.find((node) => node.id === 'file:srv02/c:\\windows\\temp\\upd.exe')?.label).toBe('upd.exe');
  });

  it('lists the attack path in kill-chain order', () => {
    expect(graph.path?.[0]).toBe('host:ws01');
    expect(graph.path).toContain('host:srv02');
    expect(graph.path).not.toContain('registry:ws01/hklm\\run');
  });

  it('stays within its caps and says so', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      event(`n${index}`, index % 60, { category: ['network'], destination: { ip: `198.51.100.${index % 250}` } }),
    );
    const capped = buildAttackGraph('incident--2', many, { maxNodes: 50, maxEdges: 40 });
    expect(capped.nodes.length).toBeLessThanOrEqual(50);
    expect(capped.edges.length).toBeLessThanOrEqual(40);
    expect(capped.truncated).toBe(true);
    expect(capped.eventsSeen).toBe(500);
  });
});
