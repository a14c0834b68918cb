import type { Command } from 'commander';
import { UsageError, verdictSchema } from '../../core/index.js';
import { learnFromIncident, recordVerdict, revokeSuppression, suppressPattern } from '../../knowledge/index.js';
import { attackSequenceSchema, incidentContextSchema, responsePlanSchema } from '../../reason/index.js';
import { openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

type StoreFlags = { db?: string; json?: boolean };

async function withStores<T>(
  flags: StoreFlags,
  body: (stores: Awaited<ReturnType<typeof openStores>>) => Promise<T>,
): Promise<T> {
  const stores = await openStores(resolveSettings({ db: flags.db }).database);
  try {
    return await body(stores);
  } finally {
    await stores.close();
  }
}

export function registerFeedbackCommand(program: Command): void {
  const feedback = program
    .command('feedback')
    .description('analyst feedback that Vigil learns from: verdicts and benign-pattern suppressions');

  const verdict = feedback
    .command('verdict')
    .description('judge an incident; a true positive teaches its indicators, every verdict updates rule track records')
    .argument('<incident>', 'incident id')
    .requiredOption('--verdict <verdict>', verdictSchema.options.join(' | '))
    .requiredOption('--by <analyst>', 'who judges')
    .option('--comment <text>', 'why')
    .option('--json', 'print JSON');
  addStoreOption(verdict).action(
    async (incidentId: string, flags: StoreFlags & { verdict: string; by: string; comment?: string }) => {
      const parsed = verdictSchema.safeParse(flags.verdict);
      if (!parsed.success) throw new UsageError(`--verdict is one of ${verdictSchema.options.join(', ')}`);
      const output = createOutput(flags.json ?? false);
      await withStores(flags, async (stores) => {
        const found = await stores.store.getIncident(incidentId);
        if (!found) throw new UsageError(`no incident ${incidentId}`);
        const alertIds = new Set(found.incident.alertIds);
        const ruleIds = (await stores.store.listAlerts())
          .filter((alert) => alertIds.has(alert.id))
          .map((alert) => alert.ruleId);
        const record = await recordVerdict(stores, {
          incident: found.incident,
          verdict: parsed.data,
          ruleIds,
          author: flags.by,
          comment: flags.comment,
        });
        const context = incidentContextSchema.safeParse(found.artifacts.context);
        const sequence = attackSequenceSchema.safeParse(found.artifacts.sequence);
        const plan = responsePlanSchema.safeParse(found.artifacts.plan);
        const learned =
          context.success && sequence.success && plan.success
            ? await learnFromIncident(stores, {
                incident: found.incident,
                reasoning: { context: context.data, sequence: sequence.data, plan: plan.data },
                verdict: parsed.data,
              })
            : undefined;
        if (output.json)
          writeJson(output, {
            verdict: record,
            learned: learned?.indicators ?? [],
            sightings: learned?.sightings.length ?? 0,
          });
        else
          output.write(
            `${incidentId}: ${record.verdict}; ${learned?.indicators.length ?? 0} indicator(s) learned, ${learned?.sightings.length ?? 0} sighting(s) recorded`,
          );
      });
    },
  );

  const suppress = feedback
    .command('suppress')
    .description('stop a benign pattern (a rule, optionally on one entity) from alerting again; reversible')
    .requiredOption('--rule <id>', 'Sigma rule id')
    .option('--entity <kind:value>', 'only on this host:, user:, ip: or process:')
    .requiredOption('--reason <text>', 'why it is benign')
    .requiredOption('--by <analyst>', 'who decides')
    .option('--incident <id>', 'the incident whose review led to it')
    .option('--json', 'print JSON');
  addStoreOption(suppress).action(
    async (flags: StoreFlags & { rule: string; entity?: string; reason: string; by: string; incident?: string }) => {
      const output = createOutput(flags.json ?? false);
      await withStores(flags, async (stores) => {
        const created = await suppressPattern(stores, {
          ruleId: flags.rule,
          entity: flags.entity,
          reason: flags.reason,
          author: flags.by,
          incidentId: flags.incident,
        });
        if (output.json) writeJson(output, created);
        else
          output.write(
            `suppression ${created.id}: rule ${created.ruleId}${created.entity ? ` on ${created.entity}` : ''}`,
          );
      });
    },
  );

  const list = feedback
    .command('suppressions')
    .description('list suppressions (active; --all for revoked too)')
    .option('--all', 'include revoked ones')
    .option('--json', 'print JSON');
  addStoreOption(list).action(async (flags: StoreFlags & { all?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    await withStores(flags, async (stores) => {
      const found = await stores.knowledge.listSuppressions({ includeRevoked: flags.all ?? false });
      if (output.json) return writeJson(output, found);
      if (found.length === 0) output.write('no suppression');
      for (const item of found)
        output.write(
          `${item.id}  rule ${item.ruleId}${item.entity ? ` on ${item.entity}` : ''}  by ${item.author}  ${item.hits} hit(s)${item.revokedAt ? `  revoked by ${item.revokedBy}` : ''}  — ${item.reason}`,
        );
    });
  });

  const revoke = feedback
    .command('unsuppress')
    .description('revoke a suppression (it stays listed with --all)')
    .argument('<id>', 'suppression id')
    .requiredOption('--by <analyst>', 'who decides')
    .option('--json', 'print JSON');
  addStoreOption(revoke).action(async (id: string, flags: StoreFlags & { by: string }) => {
    const output = createOutput(flags.json ?? false);
    await withStores(flags, async (stores) => {
      const revoked = await revokeSuppression(stores, id, flags.by);
      if (output.json) writeJson(output, revoked);
      else output.write(`suppression ${id} revoked`);
    });
  });
}
