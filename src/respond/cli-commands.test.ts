/** The response commands as an analyst runs them, on a stored incident; needs no root. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import { main } from '../cli/main.js';
import type { ActionProposal } from '../core/index.js';
import { sampleSequence } from '../core/test-support/sample-artifacts.js';
import { openStores } from '../store/index.js';

async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    return { code: await main(args), stdout, stderr };
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
  }
}

const incidentId = 'incident-cli-1';
const proposal = (
  id: string,
  actionType: ActionProposal['actionType'],
  kind: ActionProposal['target']['kind'],
  value: string,
): ActionProposal => ({
  id,
  incidentId,
  actionType,
  target: { kind, value },
  parameters: {},
  risk: 'low',
  reversible: true,
  rationale: 'test',
  evidence: [{ kind: 'alert', id: 'alert-1' }],
});

describe('vigil respond / approvals / runs / audit', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-respond-cli-'));
  const database = join(folder, 'vigil.db');
  const log = join(folder, 'actions.log');
  const files = {
    policy: join(folder, 'policy.yaml'),
    connectors: join(folder, 'connectors.yaml'),
    assets: join(folder, 'assets.yaml'),
    script: join(folder, 'act.mjs'),
  };
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  beforeAll(async () => {
    writeFileSync(
      files.script,
      `import { appendFileSync } from 'node:fs';\nlet input = '';\nprocess.stdin.on('data', (c) => { input += c; });\nprocess.stdin.on('end', () => { const s = JSON.parse(input); appendFileSync(${JSON.stringify(log)}, s.mode + ' ' + s.action + ' ' + s.target.value + '\\n'); console.log('{}'); });\n`,
    );
    writeFileSync(log, '');
    writeFileSync(
      files.policy,
      'version: 1\nauto: { actions: [notify], minConfidence: 0.5 }\nprotectedAssets: [{ role: domain controller, refuse: [isolate-host] }]\n',
    );
    writeFileSync(
      files.assets,
      'assets:\n  - { host: DC01, criticality: critical, role: domain controller }\n  - { host: WS-FIN-07, criticality: medium }\n',
    );
    writeFileSync(
      files.connectors,
      `scripts:\n  - executable: ${process.execPath}\n    args: [${files.script}]\n    actions: [isolate-host, release-host, notify]\n`,
    );
    const stores = await openStores(database);
    const now = '2024-05-06T10:00:00Z';
    await stores.store.recordIncident({
      mode: 'replace',
      audit: [
        { actor: 'vigil', action: 'incident-created', subject: { kind: 'incident', id: incidentId }, details: {} },
      ],
      incident: {
        id: incidentId,
        title: 'test',
        severity: 'high',
        status: 'new',
        alertIds: ['alert-1'],
        eventIds: [],
        entities: { hosts: [], users: [], ips: [], domains: [], hashes: [], processes: [], files: [] },
        techniques: [],
        tactics: [],
        stages: [],
        firstSeen: now,
        lastSeen: now,
        groupedBy: [],
      },
      artifacts: { sequence: sampleSequence(incidentId, { confidence: 0.9 }) },
    });
    await stores.store.saveProposals(incidentId, [
      proposal('p-isolate', 'isolate-host', 'host', 'ws-fin-07.corp.example'),
      proposal('p-dc', 'isolate-host', 'host', 'DC01'),
      proposal('p-notify', 'notify', 'incident', incidentId),
    ]);
    await stores.close();
  });

  const common = () => ['--db', database, '--policy', files.policy, '--connectors', files.connectors];

  it('runs the plan under the policy, with two-person approval through the CLI, then rolls back', async () => {
    const responded = await vigil(
      'respond',
      incidentId,
      ...common(),
      '--assets',
      files.assets,
      '--as',
      'alice',
      '--json',
    );
    expect(responded.code, responded.stderr).toBe(0);
    const run = JSON.parse(responded.stdout).run;
    expect(run.steps.map((step: { status: string }) => step.status)).toEqual([
      'awaiting-approval',
      'refused',
      'succeeded',
    ]);
    expect(run.steps[1].decision.reasons[0]).toContain('domain controller');

    const listed = JSON.parse((await vigil('approvals', 'list', '--db', database, '--json')).stdout).approvals;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ requiredApprovers: 2, action: 'isolate-host' });
    const id = listed[0].id;
    // the approval rules are the API's, with the same messages: no self-approval, one vote each,
    // and the approval that releases a high-risk action comes from a responder or an admin
    const own = await vigil('approvals', 'approve', id, '--db', database, '--as', 'alice');
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('alice requested this action and cannot approve it; another analyst must');
    expect(
      (await vigil('approvals', 'approve', id, '--db', database, '--as', 'bob', '--reason', 'seen the beacon')).code,
    ).toBe(0);
    const again = await vigil('approvals', 'approve', id, '--db', database, '--as', 'bob');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('bob already approved this action; it needs 2 distinct approvers');
    const unprivileged = await vigil('approvals', 'approve', id, '--db', database, '--as', 'dave');
    expect(unprivileged.code).toBe(1);
    expect(unprivileged.stderr).toContain(
      'the last approval of a high-risk action releases it for execution: a responder or admin must give it (dave is analyst)',
    );
    expect(
      JSON.parse((await vigil('approvals', 'list', '--db', database, '--json')).stdout).approvals[0],
    ).toMatchObject({ status: 'pending', approvedBy: ['bob'] });
    expect((await vigil('approvals', 'reject', id, '--db', database, '--as', 'bob')).code).toBe(2);
    const token = await vigil('tokens', 'create', '--db', database, '--name', 'carol', '--role', 'responder');
    expect(token.code, token.stderr).toBe(0);
    expect(
      JSON.parse((await vigil('approvals', 'approve', id, '--db', database, '--as', 'carol', '--json')).stdout).approval
        .status,
    ).toBe('approved');

    const resumed = JSON.parse((await vigil('runs', 'resume', run.id, ...common(), '--json')).stdout).run;
    expect(resumed.status).toBe('succeeded');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      `execute notify ${incidentId}`,
      'execute isolate-host ws-fin-07.corp.example',
    ]);

    const rolledBack = JSON.parse(
      (await vigil('runs', 'rollback', run.id, ...common(), '--as', 'carol', '--reason', 'false positive', '--json'))
        .stdout,
    ).run;
    expect(rolledBack.status).toBe('rolled-back');
    expect(readFileSync(log, 'utf8')).toContain('execute release-host ws-fin-07.corp.example');

    const human = await vigil('runs', 'list', '--db', database);
    expect(human.stdout).toContain(run.id);
    expect(JSON.parse((await vigil('runs', 'list', '--failed', '--db', database, '--json')).stdout).runs).toEqual([]);
  });

  it('shows a dry run without touching anything', async () => {
    const before = readFileSync(log, 'utf8');
    const dry = await vigil('respond', incidentId, ...common(), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('nothing executed');
    expect(dry.stdout).toContain(`$ ${process.execPath} ${files.script}`);
    expect(readFileSync(log, 'utf8')).toBe(before);
  });

  it('lists a run whose connector is missing among the failed ones', async () => {
    const bare = await vigil('respond', incidentId, '--db', database, '--policy', files.policy, '--json');
    expect(bare.code).toBe(1);
    const failed = JSON.parse((await vigil('runs', 'list', '--failed', '--db', database, '--json')).stdout).runs;
    expect(failed).toHaveLength(1);
    expect(failed[0].steps[2].error).toContain('no connector is configured for notify');

    // with the connectors configured, a retry carries out the failed step and nothing that succeeded
    const before = readFileSync(log, 'utf8');
    const retried = await vigil('runs', 'retry', failed[0].id, ...common(), '--json');
    expect(retried.code, retried.stderr).toBe(0);
    const run = JSON.parse(retried.stdout).run;
    expect(run.steps[2].status).toBe('succeeded');
    expect(readFileSync(log, 'utf8').slice(before.length).trim().split('\n')).toEqual([`execute notify ${incidentId}`]);
    expect(JSON.parse((await vigil('runs', 'list', '--failed', '--db', database, '--json')).stdout).runs).toEqual([]);
    // nothing is left to retry: nothing runs again
    const after = readFileSync(log, 'utf8');
    expect((await vigil('runs', 'retry', failed[0].id, ...common())).code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(after);
  });

  it('verifies the audit chain, and detects tampering', async () => {
    const intact = await vigil('audit', 'verify', '--db', database, '--json');
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout).valid).toBe(true);
    const raw = new BetterSqlite3(database);
    raw.prepare("update audit_log set actor = 'mallory' where action = 'action-approved'").run();
    raw.close();
    const broken = await vigil('audit', 'verify', '--db', database);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('audit chain broken');
  });

  it('checks, drafts, selects, exports and imports playbooks', async () => {
    const shipped = join(repositoryRoot, 'playbooks');
    const checked = await vigil('playbooks', 'check', shipped, '--json');
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ failed: [] });
    const exported = await vigil('playbooks', 'export', join(shipped, 'contain-c2.yaml'));
    expect(JSON.parse(exported.stdout).spec_version).toBe('cacao-2.0');
    const cacao = join(folder, 'contain.cacao.json');
    writeFileSync(cacao, exported.stdout);
    const imported = await vigil('playbooks', 'import', cacao);
    expect(imported.stdout).toContain('id: contain-c2');
    const drafted = await vigil('playbooks', 'draft', incidentId, '--db', database);
    expect(drafted.stdout).toContain('ref: isolate-host-1');
    const selected = await vigil('playbooks', 'select', incidentId, '--playbooks', shipped, '--db', database, '--json');
    expect(JSON.parse(selected.stdout).playbooks).toEqual([]);
    const broken = join(folder, 'broken-playbooks');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'bad.yaml'),
      'id: bad\nname: Bad\nsteps:\n  - ref: one\n    action: notify\n    target: { kind: incident, value: x }\n    depends_on: [two]\n',
    );
    const failed = await vigil('playbooks', 'check', broken, '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).failed[0].reason).toContain('step one: depends on unknown step two');
    // one file is checked as a folder of one; a missing path is unreadable input (exit 2, one line)
    const single = await vigil('playbooks', 'check', join(broken, 'bad.yaml'), '--json');
    expect(JSON.parse(single.stdout)).toMatchObject({ playbooks: 1, valid: 0 });
    const missing = await vigil('playbooks', 'check', join(folder, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('no-such-folder');
  });

  it('names the field of a bad policy file', async () => {
    const bad = join(folder, 'bad-policy.yaml');
    writeFileSync(bad, 'version: 1\nauto:\n  maxRisk: extreme\n');
    const result = await vigil('respond', incidentId, '--db', database, '--policy', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-policy.yaml:3');
    expect(result.stderr).toContain('auto.maxRisk');
  });
});
