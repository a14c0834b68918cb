import type { Command } from 'commander';
import { loadAssetInventory } from '../../reason/index.js';
import {
  describeRun,
  draftsForIncident,
  loadPlaybook,
  loadPlaybooks,
  type PolicyAsset,
  runHasFailures,
  selectPlaybooks,
} from '../../respond/index.js';
import { createOutput, paint, writeJson } from '../output.js';
import { incidentSignature } from './incident-signature.js';
import { addResponseOptions, openResponseEnvironment, type ResponseFlags } from './response-environment.js';
import { renderRun, runJson } from './run-view.js';

interface RespondFlags extends ResponseFlags {
  playbook?: string;
  playbooks?: string;
  assets?: string;
  dryRun?: boolean;
  run?: boolean;
}

export function registerRespondCommand(program: Command): void {
  const command = program
    .command('respond')
    .description("carry out an incident's response plan (or a playbook) under the response policy")
    .argument('<incident-id>', 'a stored incident (see vigil investigate)')
    .option('--playbook <file>', 'playbook to expand over the plan instead of the plan itself')
    .option('--playbooks <folder>', 'pick the first playbook of the folder that applies (technique, tactic or rule)')
    .option('--assets <file>', 'asset inventory (YAML) with criticality and roles')
    .option('--dry-run', 'show exactly what would run, on which target, with which command or request; change nothing')
    .option('--no-run', 'create the run and its approval requests, but execute nothing yet');
  addResponseOptions(command, { connectors: true }).action(async (incidentId: string, flags: RespondFlags) => {
    const output = createOutput(flags.json ?? false);
    const environment = await openResponseEnvironment(flags);
    try {
      let playbook = flags.playbook ? await loadPlaybook(flags.playbook) : undefined;
      if (!playbook && flags.playbooks) {
        const { playbooks, failed } = await loadPlaybooks(flags.playbooks);
        for (const failure of failed) output.warn(`vigil: playbook skipped: ${failure.file}: ${failure.reason}`);
        const selected = selectPlaybooks(playbooks, await incidentSignature(environment.stores.store, incidentId));
        playbook = selected[0];
        if (selected.length > 1)
          output.warn(
            `vigil: note: ${selected.length} playbooks apply; using ${selected[0]!.id} (others: ${selected
              .slice(1)
              .map((entry) => entry.id)
              .join(', ')})`,
          );
        if (!playbook) output.warn('vigil: note: no playbook applies to this incident; carrying out its plan');
      }
      const input = await draftsForIncident(environment.stores.store, incidentId, playbook);
      const assets: PolicyAsset[] = flags.assets ? await loadAssetInventory(flags.assets) : [];
      const policyContext = {
        confidence: input.confidence,
        assets,
        trackRecord: await environment.service.orchestrator.approvals.trackRecord(),
      };
      if (flags.dryRun) {
        const steps = describeRun(
          input.drafts,
          environment.policy,
          { ...policyContext, now: new Date() },
          environment.connectors,
          incidentId,
        );
        if (output.json) return writeJson(output, { dryRun: true, incidentId, steps });
        output.write(`dry run for incident ${incidentId}: ${steps.length} step(s), nothing executed`);
        for (const step of steps) {
          output.write(
            `  ${paint(output, 'bold', step.ref)} ${step.action} ${step.target.kind}:${step.target.value} → ${step.decision.outcome}${step.decision.approvers ? ` (${step.decision.approvers} approver(s))` : ''}: ${step.decision.reasons.join('; ')}`,
          );
          if (step.operation) {
            output.write(`      ${step.operation.connector}: ${step.operation.summary}`);
            for (const command of step.operation.commands ?? []) {
              output.write(`      $ ${command.argv.join(' ')}`);
              if (command.input)
                for (const line of command.input.trimEnd().split('\n')) output.write(`      < ${line}`);
            }
            if (step.operation.request)
              output.write(`      ${step.operation.request.method} ${step.operation.request.url}`);
          } else if (step.note) output.write(`      ${paint(output, 'yellow', step.note)}`);
        }
        return;
      }
      let run = await environment.service.start({
        incidentId,
        playbook: playbook?.id,
        drafts: input.drafts,
        requestedBy: environment.actor,
        policyContext,
      });
      if (flags.run !== false) run = await environment.service.advanceNow(run.id);
      if (output.json) writeJson(output, { run: runJson(run) });
      else output.write(renderRun(run, output));
      if (runHasFailures(run)) process.exitCode = 1;
    } finally {
      await environment.stores.close();
    }
  });
}
