/**
 * The CLI's commands: name, one-line summary and how to load the module that registers it.
 * main.ts loads only the module of the command being run, so `vigil --help` and each command
 * start without importing the whole program. The summaries are those the modules register;
 * command-table.test.ts checks that they stay the same.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<(program: Command) => void>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: 'ingest',
    summary: 'read logs (files, directories, .gz, .zip, - for stdin) into the store; each event is stored once',
    load: async () => (await import('./commands/ingest.js')).registerIngestCommand,
  },
  {
    name: 'rules',
    summary: 'Sigma rules',
    load: async () => (await import('./commands/rules.js')).registerRulesCommand,
  },
  {
    name: 'detect',
    summary: 'run Sigma rules over logs and print one alert per line (nothing is stored)',
    load: async () => (await import('./commands/detect.js')).registerDetectCommand,
  },
  {
    name: 'intel',
    summary: 'threat intelligence',
    load: async () => (await import('./commands/intel.js')).registerIntelCommand,
  },
  {
    name: 'investigate',
    summary: 'ingest logs, detect, correlate into incidents, and propose a response plan for each',
    load: async () => (await import('./commands/investigate.js')).registerInvestigateCommand,
  },
  {
    name: 'eval',
    summary: 'measure Vigil on scenario folders, side by side with the rule-only and static-SOAR baselines',
    load: async () => (await import('./commands/eval.js')).registerEvalCommand,
  },
  {
    name: 'share',
    summary: 'share incidents with communities (STIX 2.1, MISP), only after an analyst approves',
    load: async () => (await import('./commands/share.js')).registerShareCommand,
  },
  {
    name: 'incidents',
    summary: 'stored incidents',
    load: async () => (await import('./commands/incidents.js')).registerIncidentsCommand,
  },
  {
    name: 'attack',
    summary: 'ATT&CK across stored incidents: heatmap and Navigator layer',
    load: async () => (await import('./commands/attack.js')).registerAttackCommand,
  },
  {
    name: 'feedback',
    summary: 'analyst feedback that Vigil learns from: verdicts and benign-pattern suppressions',
    load: async () => (await import('./commands/feedback.js')).registerFeedbackCommand,
  },
  {
    name: 'kb',
    summary: 'public knowledge: ATT&CK, Sigma rules, CISA KEV',
    load: async () => (await import('./commands/knowledge-base.js')).registerKnowledgeBaseCommand,
  },
  {
    name: 'serve',
    summary: 'serve the HTTP API and the analyst console on the store',
    load: async () => (await import('./commands/serve.js')).registerServeCommand,
  },
  {
    name: 'tokens',
    summary: 'API tokens for vigil serve (stored as hashes)',
    load: async () => (await import('./commands/tokens.js')).registerTokensCommand,
  },
  {
    name: 'respond',
    summary: "carry out an incident's response plan (or a playbook) under the response policy",
    load: async () => (await import('./commands/respond.js')).registerRespondCommand,
  },
  {
    name: 'playbooks',
    summary: 'response playbooks: check, select, draft, CACAO 2.0 import and export',
    load: async () => (await import('./commands/playbooks.js')).registerPlaybooksCommand,
  },
  {
    name: 'approvals',
    summary: 'the queue of response actions waiting for analysts',
    load: async () => (await import('./commands/approvals.js')).registerApprovalsCommand,
  },
  {
    name: 'runs',
    summary: 'response runs: list, show, resume, retry, cancel, roll back',
    load: async () => (await import('./commands/runs.js')).registerRunsCommand,
  },
  {
    name: 'audit',
    summary: 'the hash-chained audit log',
    load: async () => (await import('./commands/audit.js')).registerAuditCommand,
  },
  {
    name: 'worker',
    summary:
      'run pipeline stages (ingest, detect, correlate, link, reason) as consumers of the event bus, and respond (response runs)',
    load: async () => (await import('./commands/worker.js')).registerWorkerCommand,
  },
  {
    name: 'ingest-listener',
    summary: 'receive syslog (TCP/UDP) and publish it, with any --files, to the event bus',
    load: async () => (await import('./commands/ingest-listener.js')).registerIngestListenerCommand,
  },
];

/** The command an argument list runs: its first word that is not an option (`help X` runs X's help). */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((argument) => !argument.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return commandTable.find((entry) => entry.name === name);
}
