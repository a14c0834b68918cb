import { describe, expect, it } from 'vitest';
import type { AttackStage, Tactic } from '../../core/index.js';
import { type KillChainKnowledge, killChainColumns } from './kill-chain-columns.js';

const tactics: Record<string, Tactic[]> = {
  'T1021.002': ['lateral-movement'],
  'T1569.002': ['execution'],
  'T1053.005': ['execution', 'persistence', 'privilege-escalation'],
  T1059: ['execution'],
};
const names: Record<string, string> = {
  'T1021.002': 'SMB/Windows Admin Shares',
  'T1569.002': 'Service Execution',
  'T1053.005': 'Scheduled Task',
  T1059: 'Command and Scripting Interpreter',
};
const attack: KillChainKnowledge = {
  technique: (id) => (names[id] ? ({ id, name: names[id] } as ReturnType<KillChainKnowledge['technique']>) : undefined),
  resolve: (id) => id.toUpperCase(),
  coreTacticsOf: (id) => tactics[id] ?? [],
};

const stage = (tactic: Tactic, techniques: string[]): AttackStage => ({
  tactic,
  techniques,
  firstSeen: '2024-11-05T10:43:30.000Z',
  lastSeen: '2024-11-05T10:43:36.000Z',
  evidence: [{ kind: 'alert', id: `a-${tactic}` }],
});

describe('kill-chain columns', () => {
  // one alert tagged lateral-movement + execution with T1021.002 and T1569.002 made both stages hold both
  const stages = [
    stage('execution', ['T1021.002', 'T1569.002', 'T1059.999']),
    stage('lateral-movement', ['T1021.002', 'T1569.002']),
    stage('persistence', ['T1053.005']),
  ];

  it('puts each technique only under its catalogue tactics, with its name', () => {
    const { placement, columns } = killChainColumns(stages, attack);
    expect(placement).toBe('catalogue');
    const under = Object.fromEntries(
      columns.map((column) => [column.tactic, column.techniques.map((item) => item.id)]),
    );
    expect(under).toEqual({
      execution: ['T1053.005', 'T1059.999', 'T1569.002'],
      persistence: ['T1053.005'],
      'lateral-movement': ['T1021.002'],
    });
    expect(columns.find((column) => column.tactic === 'lateral-movement')?.techniques[0]?.name).toBe(
      'SMB/Windows Admin Shares',
    );
  });

  it('puts an unknown sub-technique under its parent technique tactics', () => {
    const { columns } = killChainColumns([stage('impact', ['T1059.999'])], attack);
    expect(columns.map((column) => [column.tactic, column.techniques.map((item) => item.id)])).toEqual([
      ['execution', ['T1059.999']],
      ['impact', []],
    ]);
  });

  it('keeps the rule tags and says so without a catalogue', () => {
    const { placement, columns } = killChainColumns(stages);
    expect(placement).toBe('rule-tags');
    expect(columns.find((column) => column.tactic === 'execution')?.techniques.map((item) => item.id)).toContain(
      'T1021.002',
    );
  });
});
