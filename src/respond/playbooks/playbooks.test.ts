// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ … }} is the playbook template syntax under test
import { describe, expect, it } from 'vitest';
import { InputInvalidError } from '../../core/index.js';
import { fromCacao, toCacao } from './cacao.js';
import { expandPlaybook, selectPlaybooks } from './expand-playbook.js';
import { loadPlaybook, parsePlaybook } from './load-playbook.js';

const shipped = new URL('../../../playbooks/contain-c2.yaml', import.meta.url).pathname;

const plan = {
  actions: [
    { actionType: 'block-ip', target: { kind: 'ip', value: '203.0.113.66' } },
    { actionType: 'isolate-host', target: { kind: 'host', value: 'ws-fin-07' } },
    { actionType: 'block-ip', target: { kind: 'ip', value: '198.51.100.9' } },
  ],
};
const incident = {
  id: 'incident-1',
  title: 'C2 from WS-FIN-07',
  techniques: ['T1071.001'],
  tactics: ['command-and-control'],
};

describe('playbooks', () => {
  it('expands the shipped playbook over the plan', async () => {
    const playbook = await loadPlaybook(shipped);
    const drafts = expandPlaybook(playbook, { incident, plan });
    expect(drafts.map((draft) => `${draft.ref}:${draft.target.value}`)).toEqual([
      'block-c2-1:203.0.113.66',
      'block-c2-3:198.51.100.9',
      'watch-c2-1:203.0.113.66',
      'watch-c2-3:198.51.100.9',
      'tell-cert:incident-1',
    ]);
    expect(drafts[4]).toMatchObject({
      dependsOn: ['block-c2-1', 'block-c2-3'],
      parameters: { text: 'C2 blocked for incident incident-1 (C2 from WS-FIN-07)' },
    });
    expect(drafts[0]!.parameters).toEqual({ direction: 'both', comment: 'C2 of incident-1' });
  });

  it('selects playbooks by technique (parent matches sub-technique), tactic or rule', async () => {
    const playbook = await loadPlaybook(shipped);
    expect(selectPlaybooks([playbook], { techniques: ['T1071.004'], tactics: [], rules: [] })).toHaveLength(1);
    expect(selectPlaybooks([playbook], { techniques: ['T1059'], tactics: ['execution'], rules: [] })).toHaveLength(0);
    expect(selectPlaybooks([playbook], { techniques: [], tactics: ['command-and-control'], rules: [] })).toHaveLength(
      1,
    );
  });

  it('names the step in every validation error', () => {
    const step = (extra: string) =>
      `id: p\nname: P\nsteps:\n  - ref: first\n    action: notify\n    target: { kind: incident, value: x }\n${extra}`;
    expect(() =>
      parsePlaybook(`${step('')}  - ref: second\n    action: explode\n    target: { kind: ip, value: x }\n`),
    ).toThrow(/step second: invalid action/);
    expect(() => parsePlaybook(`${step('    depends_on: [ghost]\n')}`)).toThrow(
      /step first: depends on unknown step ghost/,
    );
    expect(() => parsePlaybook(`${step('    if: "a =="\n')}`)).toThrow(/step first: unexpected end/);
    expect(() => parsePlaybook(`${step('    args: { text: "${{ eval(1) }}" }\n')}`)).toThrow(
      /step first: unknown function eval/,
    );
    expect(() =>
      parsePlaybook(`${step('')}  - ref: first\n    action: notify\n    target: { kind: incident, value: y }\n`),
    ).toThrow(/step first: the ref is used twice/);
    try {
      parsePlaybook(`${step('    on_failure: explode\n')}`, 'p.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ location: { file: 'p.yaml', objectId: 'first', field: 'on_failure', line: 7 } });
    }
  });

  it('refuses a YAML alias without its anchor and a billion-laughs file with a typed error (fuzz counterexample `*!`)', () => {
    expect(() => parsePlaybook('*!', 'p.yaml')).toThrow(InputInvalidError);
    expect(() => parsePlaybook('*!', 'p.yaml')).toThrow(/not valid YAML: Unresolved alias/);
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 0; level < 8; level++)
      laughs.push(
        `${String.fromCharCode(98 + level)}: &${String.fromCharCode(98 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + level)}`)
          .join(',')}]`,
      );
    expect(() => parsePlaybook(laughs.join('\n'), 'p.yaml')).toThrow(InputInvalidError);
  });

  it('round-trips through CACAO 2.0 exactly', async () => {
    const playbook = await loadPlaybook(shipped);
    const cacao = toCacao(playbook);
    expect(cacao.spec_version).toBe('cacao-2.0');
    const types = Object.values(cacao.workflow).map((step) => step.type);
    expect(types.filter((type) => type === 'action')).toHaveLength(3);
    expect(types).toContain('start');
    expect(types).toContain('end');
    expect(fromCacao(JSON.parse(JSON.stringify(cacao)))).toEqual(playbook);
  });

  it('imports foreign CACAO action steps as steps that need review', () => {
    const imported = fromCacao({
      type: 'playbook',
      spec_version: 'cacao-2.0',
      id: 'playbook--1',
      name: 'Block at proxy',
      created_by: 'identity--1',
      created: '2024-01-01T00:00:00Z',
      modified: '2024-01-01T00:00:00Z',
      workflow_start: 'start--1',
      workflow: {
        'start--1': { type: 'start', on_completion: 'action--1' },
        'action--1': {
          type: 'action',
          name: 'Block URL',
          commands: [{ type: 'http-api', command: 'POST /block' }],
          on_completion: 'action--2',
        },
        'action--2': {
          type: 'action',
          name: 'Tell SOC',
          commands: [{ type: 'manual', command: 'call the SOC' }],
          on_completion: 'end--1',
        },
        'end--1': { type: 'end' },
      },
    });
    expect(imported.steps.map((step) => [step.ref, step.action, step.approval, step.depends_on])).toEqual([
      ['block-url', 'other', 'required', []],
      ['tell-soc', 'other', 'required', ['block-url']],
    ]);
    expect(() => fromCacao({ type: 'playbook', spec_version: 'cacao-1.0' })).toThrow(/CACAO 2.0/);
  });
});

describe('drafting a playbook from a plan', () => {
  it('gives one editable step per proposal and selects on the incident techniques', async () => {
    const { draftPlaybook } = await import('./draft-playbook.js');
    const { stringify } = await import('yaml');
    const proposal = (actionType: 'block-ip' | 'notify', value: string) => ({
      id: `p-${value}`,
      incidentId: 'incident--abc',
      actionType,
      target: { kind: actionType === 'notify' ? ('incident' as const) : ('ip' as const), value },
      parameters: {},
      risk: 'medium' as const,
      reversible: true,
      rationale: 'command and control observed',
      evidence: [{ kind: 'alert' as const, id: 'a1' }],
    });
    const drafted = draftPlaybook(
      { id: 'incident--abc', title: 'C2', techniques: ['T1071.001'], tactics: ['command-and-control'] },
      [proposal('block-ip', '203.0.113.66'), proposal('block-ip', '198.51.100.9'), proposal('notify', 'incident--abc')],
    );
    expect(drafted.steps.map((step) => step.ref)).toEqual(['block-ip-1', 'block-ip-2', 'notify-1']);
    expect(parsePlaybook(stringify(drafted))).toEqual(drafted);
    expect(selectPlaybooks([drafted], { techniques: ['T1071.001'], tactics: [], rules: [] })).toHaveLength(1);
  });
});
