import type { Command } from 'commander';
import { incidentReport, investigateWithStoredKnowledge } from '../../pipeline/index.js';
import { describeLlmConfiguration, llmAuditEntries } from '../../reason/index.js';
import { openStores } from '../../store/index.js';
import { renderIncident } from '../incident-view.js';
import { addReasonerOptions, llmReasonerFromFlags, type ReasonerFlags } from '../llm-options.js';
import { loadCommandKnowledge } from '../load-command-knowledge.js';
import {
  addAttackCrosswalkOption,
  addCorrelationLatenessOption,
  addInputLimitOptions,
  addStoreOption,
  collect,
  durabilityOfPaths,
  type InputLimitFlags,
  inputLimitsOf,
} from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';
import { createProgress } from '../progress.js';
import { resolveSettings } from '../settings.js';

interface InvestigateFlags extends ReasonerFlags, InputLimitFlags {
  attackCrosswalk?: string;
  correlationLateness?: string;
  intel?: string[];
  rules?: string[];
  attack?: string;
  kev?: string;
  atomics?: string;
  assets?: string;
  format?: string;
  inference?: boolean;
  json?: boolean;
  db?: string;
}

export function registerInvestigateCommand(program: Command): void {
  const command = program
    .command('investigate')
    .description('ingest logs, detect, correlate into incidents, and propose a response plan for each')
    .argument('<logs...>', 'log files or directories')
    .option('--intel <path>', 'threat intelligence to match (repeatable)', collect)
    .option('--rules <dir>', 'Sigma rules (repeatable; default $VIGIL_RULES_PATH)', collect)
    .option('--attack <file>', 'ATT&CK STIX 2.1 bundle (.json or .json.gz; default $VIGIL_ATTACK_PATH)')
    .option('--kev <file>', 'CISA KEV catalogue JSON (default $VIGIL_KEV_PATH)')
    .option(
      '--atomics <path>',
      'Atomic Red Team checkout or commands export, for evidence inference (default $VIGIL_ATOMICS_PATH)',
    )
    .option('--assets <file>', 'asset inventory (YAML) with host criticality')
    .option('--format <name>', 'force a log format')
    .option('--no-inference', 'skip evidence inference (candidate techniques for behaviour no rule names)')
    .option('--json', 'print JSON');
  addReasonerOptions(command);
  addInputLimitOptions(command);
  addAttackCrosswalkOption(command);
  addCorrelationLatenessOption(command);
  addStoreOption(command).action(async (logs: string[], flags: InvestigateFlags) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({
      db: flags.db,
      rules: flags.rules,
      attack: flags.attack,
      attackCrosswalk: flags.attackCrosswalk,
      correlationLateness: flags.correlationLateness,
      kev: flags.kev,
      atomics: flags.atomics,
    });
    const knowledge = await loadCommandKnowledge(settings, flags, output.warn);
    for (const note of knowledge.missing) output.warn(`vigil: note: ${note}`);
    for (const failure of knowledge.rules.failed) output.warn(`vigil: rule skipped: ${failure.file}: ${failure.error}`);
    const chosen = await llmReasonerFromFlags(flags);
    const llm = chosen?.reasoner;
    const llmConfiguration = chosen?.configuration;
    const stores = await openStores(settings.database);
    const { store } = stores;
    try {
      const progress = createProgress('events');
      // What analysts taught this store applies: overrides, learned indicators, suppressions, disabled rules.
      const result = await investigateWithStoredKnowledge(logs, knowledge, stores, {
        ...(flags.format ? { format: flags.format } : {}),
        limits: inputLimitsOf(flags),
        durability: durabilityOfPaths(logs),
        ...(flags.inference === false ? { evidenceInference: false } : {}),
        ...(llm ? { reasoner: llm } : {}),
        onEvents: (count) => progress.add(count),
      });
      progress.done();
      const incidents = result.incidents.map(incidentReport);
      const llmRecords = llm?.records() ?? [];
      for (const entry of llmAuditEntries(llmRecords)) await store.appendAudit({ actor: 'vigil', ...entry });
      if (llm) await store.insertAlerts(result.incidents.flatMap(({ incident }) => llm.injectionAlerts(incident.id)));
      if (output.json) {
        writeJson(output, {
          ingest: { ...result.ingest, rejected: result.ingest.rejected.slice(0, 100) },
          alerts: result.alerts,
          incidents,
          ...(llmConfiguration
            ? { llm: { model: describeLlmConfiguration(llmConfiguration), records: llmRecords } }
            : {}),
        });
        return;
      }
      output.write(
        `${result.ingest.events} events (${result.ingest.stored} new), ${result.alerts} alerts, ${paint(output, 'bold', String(incidents.length))} incident(s)`,
      );
      for (const rejection of result.ingest.rejected.slice(0, 10)) {
        output.write(
          paint(
            output,
            'yellow',
            `rejected ${rejection.file}${rejection.line ? `:${rejection.line}` : ''}: ${rejection.reason}`,
          ),
        );
      }
      for (const incident of incidents) output.write(renderIncident(incident, output));
      if (llmConfiguration) {
        const calls = llmRecords.filter((record) => record.kind === 'model-call');
        const fallbacks = llmRecords.filter((record) => record.kind === 'stage-fallback');
        const injections = llmRecords.filter((record) => record.kind === 'injection-attempt');
        output.write(
          `llm ${describeLlmConfiguration(llmConfiguration)}: ${calls.length} call(s), ${calls.filter((call) => call.valid).length} valid, ${fallbacks.length} stage fallback(s), ${injections.length} injection attempt(s) flagged`,
        );
      }
    } finally {
      await llm?.close();
      await stores.close();
    }
  });
}
