// biome-ignore-all lint/suspicious/noTemplateCurlyInString: template syntaxes are the hostile data under test
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../store/index.js';
import type { Connector, StepInvocation } from '../connectors/connector.js';
import { createConnectorRegistry } from '../connectors/connector.js';
import { describeRun } from '../orchestrator/describe-run.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import { parsePolicy } from '../policy/load-policy.js';
import { expandPlaybook } from './expand-playbook.js';
import type { Json } from './expression.js';
import { parsePlaybook } from './load-playbook.js';

/** Every expression and template syntax an attacker might plant, Vigil's own first. */
const payloads = [
  '${{ steps }}',
  '${{ ) }}',
  '${{ incident }}',
  '${{ steps.block-1.output }}',
  '${{',
  '}}',
  '{{ 7*7 }}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '$(id)',
  '`id`',
  '%{x}',
  "{{constructor.constructor('return process')()}}",
  '__proto__',
];

const policy = parsePolicy(`
version: 1
approval: { timeout: 1h, escalateAfter: 10m, escalateTo: lead }
auto: { actions: [block-ip, notify], maxRisk: high, minConfidence: 0.5 }
`);

/** A playbook that copies every entity field, the title and the plan into its steps. */
const playbook = parsePlaybook(`
id: echo-everything
name: Echo every field
steps:
  - ref: block
    action: block-ip
    for_each: plan.actions
    target: { kind: ip, value: "\${{ item.target.value }}" }
    args: { reason: "\${{ item.rationale }}", note: "\${{ item.parameters }}" }
  - ref: tell
    action: notify
    depends_on: [block]
    target: { kind: incident, value: "\${{ incident.id }}" }
    args:
      title: "\${{ incident.title }}"
      hosts: "\${{ join(incident.entities.hosts, '|') }}"
      users: "\${{ join(incident.entities.users, '|') }}"
      ips: "\${{ join(incident.entities.ips, '|') }}"
      domains: "\${{ join(incident.entities.domains, '|') }}"
      hashes: "\${{ join(incident.entities.hashes, '|') }}"
      processes: "\${{ join(incident.entities.processes, '|') }}"
      files: "\${{ join(incident.entities.files, '|') }}"
      entities: "\${{ incident.entities }}"
      status: "first step \${{ steps['block-1'].status }} for \${{ incident.title }}"
`);

function recordingConnector() {
  const calls: StepInvocation[] = [];
  const connector: Connector = {
    name: 'test.recording',
    actions: ['block-ip', 'notify'],
    plan: (step) => ({ connector: 'test.recording', summary: `${step.actionType} ${step.target.value}` }),
    async execute(step) {
      calls.push(step);
      return { applied: step.target.value, stderr: 'SECRET connector output' };
    },
  };
  return { connector, calls };
}

describe('data is never code in playbooks', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await openStores(':memory:');
  });
  afterEach(() => stores.close());

  it('passes every expression syntax planted in every entity field to the connector verbatim', async () => {
    const joined = payloads.join('|');
    const entities = Object.fromEntries(
      ['hosts', 'users', 'ips', 'domains', 'hashes', 'processes', 'files'].map((kind) => [kind, payloads]),
    );
    const incident = { id: 'incident-1', title: `C2 from ${joined}`, entities } as unknown as Json;
    const plan = {
      actions: payloads.map((payload, index) => ({
        actionType: 'block-ip',
        target: { kind: 'ip', value: `203.0.113.${index + 1}${payload}` },
        rationale: payload,
        parameters: { comment: payload },
      })),
    } as unknown as Json;
    const drafts = expandPlaybook(playbook, { incident, plan });
    const { connector, calls } = recordingConnector();
    const orchestrator = new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([connector]),
      policy,
      sleep: async () => {},
    });
    const run = await orchestrator.start({ requestedBy: 'a', policyContext: { confidence: 0.9 }, drafts });
    const done = await orchestrator.advance(run.id);
    expect(done.steps.map((step) => step.status)).toEqual(done.steps.map(() => 'succeeded'));

    const blocks = calls.filter((call) => call.actionType === 'block-ip');
    expect(blocks.map((call) => call.parameters)).toEqual(
      payloads.map((payload) => ({ reason: payload, note: { comment: payload } })),
    );
    expect(blocks.map((call) => call.target.value)).toEqual(
      payloads.map((payload, index) => `203.0.113.${index + 1}${payload}`),
    );
    const tell = calls.find((call) => call.actionType === 'notify')!;
    expect(tell.parameters).toEqual({
      title: `C2 from ${joined}`,
      hosts: joined,
      users: joined,
      ips: joined,
      domains: joined,
      hashes: joined,
      processes: joined,
      files: joined,
      entities,
      status: `first step succeeded for C2 from ${joined}`,
    });
    expect(JSON.stringify(tell.parameters)).not.toContain('SECRET');

    const planned = describeRun(
      drafts,
      policy,
      { confidence: 0.9, now: new Date() },
      createConnectorRegistry([connector]),
    );
    expect(planned.every((step) => step.operation !== undefined)).toBe(true);
  });

  it('keeps plan parameters written by a model as data when no playbook is used', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([connector]),
      policy,
      sleep: async () => {},
    });
    const drafts = payloads.map((payload, index) => ({
      ref: `tell-${index}`,
      actionType: 'notify' as const,
      target: { kind: 'incident' as const, value: `incident-${index}` },
      parameters: { text: payload },
    }));
    const run = await orchestrator.start({ requestedBy: 'a', policyContext: { confidence: 0.9 }, drafts });
    await orchestrator.advance(run.id);
    expect(calls.map((call) => call.parameters.text)).toEqual(payloads);
  });
});
