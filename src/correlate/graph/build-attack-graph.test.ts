import { describe, expect, it } from 'vitest';
import { attackGraphSchema, type Event } from '../../core/index.js';
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

const story: Event[] = [
  event('logon', 0, {
    category: ['authentication', 'session'],
    outcome: 'success',
    targetUser: { name: 'alice', domain: 'CORP' },
    auth: { logonId: '0x1', logonType: '3' },
    source: { ip: '10.0.0.9' },
  }),
  event('spawn', 5, {
    category: ['process'],
    action: 'process-created',
    user: { name: 'alice', domain: 'CORP' },
    process: {
      entityId: '{B}',
      executable: 'C:\\Windows\\System32\\rundll32.exe',
      commandLine: 'rundll32 x.dll,Run',
      parent: { entityId: '{A}', executable: 'C:\\Windows\\explorer.exe' },
    },
  }),
  event('write', 6, {
    category: ['file'],
    action: 'file-created',
    process: { entityId: '{B}' },
    file: { path: 'C:\\t\\a.exe' },
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
    destination: { ip: '203.0.113.5', port: 443 },
  }),
  event('net2', 9, {
    category: ['network'],
    process: { entityId: '{B}' },
    destination: { ip: '203.0.113.5', port: 443 },
  }),
];

describe('buildAttackGraph', () => {
  it('shows parentage, logons, flows, file writes, executions and registry changes with timestamps', () => {
    const graph = attackGraphSchema.parse(buildAttackGraph('incident--1', story, { eventNodes: new Set(['spawn']) }));
    const edges = graph.edges.map((edge) => `${edge.from} -${edge.relation}-> ${edge.to}`);
    expect(edges).toContain('process:ws01/a -spawned-> process:ws01/b');
    expect(edges).toContain('user:corp\\alice -logged-on-> host:ws01');
    expect(edges).toContain('ip:10.0.0.9 -logon-from-> host:ws01');
    expect(edges).toContain('process:ws01/b -executed-> file:ws01/c:\\windows\\system32\\rundll32.exe');
    expect(edges).toContain('process:ws01/b -wrote-> file:ws01/c:\\t\\a.exe');
    expect(edges).toContain('process:ws01/b -set-registry-> registry:ws01/hklm\\run');
    expect(edges).toContain('event:spawn -describes-> process:ws01/b');
    const flow = graph.edges.find((edge) => edge.relation === 'connected-to');
    expect(flow).toMatchObject({
      count: 2,
      firstSeen: at(8),
      lastSeen: at(9),
      eventIds: ['net', 'net2'],
      detail: 'port 443',
    });
    expect(graph.truncated).toBe(false);
  });

  it('stays within its caps and says so', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      event(`n${index}`, index % 60, { category: ['network'], destination: { ip: `198.51.100.${index % 250}` } }),
    );
    const graph = buildAttackGraph('incident--2', many, { maxNodes: 50, maxEdges: 40 });
    expect(graph.nodes.length).toBeLessThanOrEqual(50);
    expect(graph.edges.length).toBeLessThanOrEqual(40);
    expect(graph.truncated).toBe(true);
    expect(graph.eventsSeen).toBe(500);
  });
});
