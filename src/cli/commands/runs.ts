import type { Command } from 'commander';
import { runHasFailures } from '../../respond/index.js';
import { createOutput, writeJson } from '../output.js';
import { addResponseOptions, openResponseEnvironment, type ResponseFlags } from './response-environment.js';
import { renderRun, runJson } from './run-view.js';

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('response runs: list, show, resume, retry, cancel, roll back');

  addResponseOptions(
    runs
      .command('list')
      .description('runs, newest first')
      .option('--failed', 'only runs that failed or hold a failed step (nothing stuck silently)'),
  ).action(async (flags: ResponseFlags & { failed?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    const environment = await openResponseEnvironment(flags);
    try {
      const list = (await environment.stores.runs.listRuns()).filter((run) => !flags.failed || runHasFailures(run));
      if (output.json) return writeJson(output, { runs: list.map(runJson) });
      if (list.length === 0) output.write(flags.failed ? 'no failed runs' : 'no runs');
      for (const run of list) output.write(renderRun(run, output));
    } finally {
      await environment.stores.close();
    }
  });

  addResponseOptions(runs.command('show').argument('<id>').description('one run with its steps')).action(
    async (id: string, flags: ResponseFlags) => {
      const output = createOutput(flags.json ?? false);
      const environment = await openResponseEnvironment(flags);
      try {
        const run = await environment.service.load(id);
        if (output.json) writeJson(output, { run: runJson(run), ledger: await environment.stores.runs.listLedger(id) });
        else output.write(renderRun(run, output));
      } finally {
        await environment.stores.close();
      }
    },
  );

  const act = (
    name: string,
    description: string,
    work: (
      environment: Awaited<ReturnType<typeof openResponseEnvironment>>,
      id: string,
      reason: string,
    ) => Promise<import('../../core/index.js').Run>,
    needsReason: boolean,
  ) => {
    const command = runs.command(name).argument('<id>').description(description);
    if (needsReason) command.requiredOption('--reason <text>', 'why (recorded in the audit)');
    addResponseOptions(command, { connectors: true }).action(
      async (id: string, flags: ResponseFlags & { reason?: string }) => {
        const output = createOutput(flags.json ?? false);
        const environment = await openResponseEnvironment(flags);
        try {
          const run = await work(environment, id, flags.reason ?? '');
          if (output.json) writeJson(output, { run: runJson(run) });
          else output.write(renderRun(run, output));
          if (runHasFailures(run)) process.exitCode = 1;
        } finally {
          await environment.stores.close();
        }
      },
    );
  };
  act(
    'resume',
    'carry a run on: after approvals, or after a crash (completed steps never run again)',
    (environment, id) => environment.service.advanceNow(id),
    false,
  );
  act(
    'retry',
    'try failed and interrupted steps again, and those skipped because of them (never a step that succeeded)',
    (environment, id) => environment.service.retryNow(id, environment.actor),
    false,
  );
  act(
    'cancel',
    'stop a run; pending steps are cancelled and their approvals withdrawn',
    (environment, id, reason) => environment.service.cancel(id, environment.actor, reason),
    true,
  );
  act(
    'rollback',
    'cancel what has not run and undo completed reversible steps, newest first',
    (environment, id, reason) => environment.service.rollback(id, environment.actor, reason),
    true,
  );
}
