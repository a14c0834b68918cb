import type { Command } from 'commander';
import { roleMay } from '../../api/index.js';
import { UsageError } from '../../core/index.js';
import type { Decider } from '../../respond/index.js';
import { type ApiRole, apiRoles, type TokenStore } from '../../store/index.js';
import { createOutput, writeJson } from '../output.js';
import { addResponseOptions, openResponseEnvironment, type ResponseFlags } from './response-environment.js';
import { approvalJson, renderApproval, renderRun, runJson } from './run-view.js';

interface DecisionFlags extends ResponseFlags {
  reason?: string;
}

/**
 * The analyst named by --as, with the role of their API tokens (the highest of those not
 * revoked): the approval rules are the API's. Someone with no token counts as an analyst, who
 * may approve but not release a high-risk action.
 */
export async function deciderNamed(name: string, tokens: TokenStore): Promise<Decider> {
  const held = (await tokens.listTokens()).filter(
    (token) => !token.revokedAt && token.name.toLowerCase() === name.toLowerCase(),
  );
  const rank = (role: ApiRole) => apiRoles.indexOf(role);
  const role = held.map((token) => token.role).sort((left, right) => rank(right) - rank(left))[0] ?? 'analyst';
  return { name, role, mayExecute: roleMay(role, 'execute') };
}

export function registerApprovalsCommand(program: Command): void {
  const approvals = program.command('approvals').description('the queue of response actions waiting for analysts');

  addResponseOptions(
    approvals
      .command('list')
      .description('pending approval requests (after timing out and escalating overdue ones)')
      .option('--all', 'every request, decided ones too'),
  ).action(async (flags: ResponseFlags & { all?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    const environment = await openResponseEnvironment(flags);
    try {
      await environment.service.sweepApprovals(environment.actor);
      const requests = await environment.service.orchestrator.approvals.list(flags.all ? undefined : ['pending']);
      if (output.json) return writeJson(output, { approvals: requests.map(approvalJson) });
      if (requests.length === 0) output.write('no approval requests');
      for (const request of requests) output.write(renderApproval(request, output));
    } finally {
      await environment.stores.close();
    }
  });

  for (const verb of ['approve', 'reject'] as const) {
    addResponseOptions(
      approvals
        .command(verb)
        .description(`${verb} a pending request as the analyst named by --as`)
        .argument('<id>', 'approval request id')
        .option('--reason <text>', 'why (recorded as feedback and in the audit)'),
    ).action(async (id: string, flags: DecisionFlags) => {
      const output = createOutput(flags.json ?? false);
      if (verb === 'reject' && !flags.reason) throw new UsageError('a rejection needs --reason');
      const environment = await openResponseEnvironment(flags);
      try {
        const { stores } = environment;
        const request = await environment.service.decide({
          requestId: id,
          decision: verb === 'approve' ? 'approved' : 'rejected',
          decider: await deciderNamed(environment.actor, stores.tokens),
          reason: flags.reason,
        });
        if (output.json) return writeJson(output, { approval: approvalJson(request) });
        output.write(renderApproval(request, output));
        if (request.status === 'pending')
          output.write(`needs ${request.requiredApprovers - request.approvedBy.length} more distinct analyst(s)`);
        else if (request.runId) output.write(`next: vigil runs resume ${request.runId}`);
      } finally {
        await environment.stores.close();
      }
    });
  }

  addResponseOptions(
    approvals
      .command('withdraw')
      .description('withdraw an approval: the step will not run, or is undone if it ran')
      .argument('<id>')
      .requiredOption('--reason <text>', 'why'),
    { connectors: true },
  ).action(async (id: string, flags: DecisionFlags) => {
    const output = createOutput(flags.json ?? false);
    const environment = await openResponseEnvironment(flags);
    try {
      const run = await environment.service.withdrawApproval(id, environment.actor, flags.reason ?? '');
      if (output.json) writeJson(output, { run: runJson(run) });
      else output.write(renderRun(run, output));
    } finally {
      await environment.stores.close();
    }
  });

  addResponseOptions(
    approvals
      .command('sweep')
      .description('time out overdue requests (deny unless the policy says otherwise) and escalate late ones'),
  ).action(async (flags: ResponseFlags) => {
    const output = createOutput(flags.json ?? false);
    const environment = await openResponseEnvironment(flags);
    try {
      const result = await environment.service.sweepApprovals(environment.actor);
      if (output.json)
        return writeJson(output, {
          timedOut: result.timedOut.map(approvalJson),
          escalated: result.escalated.map(approvalJson),
        });
      output.write(`${result.timedOut.length} timed out, ${result.escalated.length} escalated`);
    } finally {
      await environment.stores.close();
    }
  });
}
