import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import {
  type ApiMount,
  createApiToken,
  createApp,
  createHecMount,
  createSyslogMount,
  defaultConsoleFolder,
  describeResponseRun,
  ensureConsoleBuilt,
  loadResponseOptions,
  loggerOptions,
  responseDeskOf,
} from '../../api/index.js';
import { UsageError } from '../../core/index.js';
import { loadAttackCatalog } from '../../detect/index.js';
import { loadSlaTargets, storeNewIndicators } from '../../knowledge/index.js';
import { incidentReport, investigateWithStoredKnowledge, type Knowledge } from '../../pipeline/index.js';
import { openStores } from '../../store/index.js';
import { renderIncident } from '../incident-view.js';
import { installationFolder } from '../installation.js';
import { listenAddressOf } from '../listen-address.js';
import { loadCommandKnowledge } from '../load-command-knowledge.js';
import {
  addAttackCrosswalkOption,
  addCorrelationLatenessOption,
  addInputLimitOptions,
  addStoreOption,
  collect,
  type InputLimitFlags,
  inputLimitsOf,
} from '../options.js';
import { createOutput, paint } from '../output.js';
import { resolveSettings } from '../settings.js';
import { untilStopSignal } from '../until-stopped.js';

interface ServeFlags extends InputLimitFlags {
  attackCrosswalk?: string;
  correlationLateness?: string;
  db?: string;
  host: string;
  port: string;
  replay?: string[];
  rules?: string[];
  intel?: string[];
  attack?: string;
  kev?: string;
  atomics?: string;
  assets?: string;
  build: boolean;
  corsOrigin?: string[];
  logLevel: string;
  policy?: string;
  connectors?: string;
  respond: boolean;
  hecToken?: string[];
  syslogUdp?: string;
  syslogTcp?: string;
  sla?: string;
}

const defaultPolicy = join(installationFolder(), 'policy', 'default.yaml');
const defaultPlaybooks = join(installationFolder(), 'playbooks');

const webRoot = join(installationFolder(), 'web');

export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('serve the HTTP API and the analyst console on the store')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <number>', 'port to listen on (0: any free port)', '8080')
    .option('--replay <logs>', 'investigate these logs after start-up, as a live stream (repeatable)', collect)
    .option('--rules <dir>', 'Sigma rules for --replay (repeatable; default $VIGIL_RULES_PATH)', collect)
    .option('--intel <path>', 'threat intelligence for --replay (repeatable)', collect)
    .option('--attack <file>', 'ATT&CK STIX bundle for --replay')
    .option('--kev <file>', 'CISA KEV catalogue for --replay')
    .option(
      '--atomics <path>',
      'Atomic Red Team checkout or commands export, for evidence inference (default $VIGIL_ATOMICS_PATH)',
    )
    .option('--assets <file>', 'asset inventory (YAML): for --replay, and the criticality the response policy protects')
    .option(
      '--policy <file>',
      'response policy (default $VIGIL_POLICY, else $VIGIL_HOME/policy.yaml, else policy/default.yaml)',
    )
    .option(
      '--connectors <file>',
      'connectors file: the systems runs act on (default $VIGIL_CONNECTORS; none: nothing is executed)',
    )
    .option(
      '--hec-token <token>',
      'accept Splunk HEC at /services/collector with this token (repeatable; default $VIGIL_HEC_TOKENS, comma-separated)',
      collect,
    )
    .option(
      '--syslog-udp <address>',
      'receive syslog datagrams on host:port (or a port on --host; 0: any free port); off by default',
    )
    .option(
      '--syslog-tcp <address>',
      'receive syslog over TCP (RFC 6587 octet counting or newlines) on host:port; off by default',
    )
    .option('--sla <file>', 'SLA targets per severity (YAML; default $VIGIL_SLA, else the documented defaults)')
    .option('--no-respond', 'do not start response runs for new incidents (approvals and runs stay available)')
    .option('--no-build', 'do not build the console when its build is missing')
    .option('--cors-origin <origin>', 'allow this browser origin (repeatable; default none)', collect)
    .option('--log-level <level>', 'pino log level', 'warn');
  addInputLimitOptions(command);
  addAttackCrosswalkOption(command);
  addCorrelationLatenessOption(command);
  addStoreOption(command).action(async (flags: ServeFlags) => {
    const output = createOutput(false);
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`bad port ${flags.port}`);
    const settings = resolveSettings({
      db: flags.db,
      rules: flags.rules,
      attack: flags.attack,
      attackCrosswalk: flags.attackCrosswalk,
      correlationLateness: flags.correlationLateness,
      kev: flags.kev,
      atomics: flags.atomics,
      sla: flags.sla,
    });
    const sla = await loadSlaTargets(settings.slaPath);
    let consoleRoot: string | undefined;
    if (flags.build) {
      try {
        const build = await ensureConsoleBuilt(webRoot);
        if (build.built) output.warn(`vigil: built the console in ${build.milliseconds} ms`);
        consoleRoot = build.root;
      } catch (error) {
        output.warn(`vigil: the console could not be built (${(error as Error).message}); serving the API only`);
      }
    } else consoleRoot = defaultConsoleFolder(webRoot);

    const response = await loadResponseOptions({
      policy: flags.policy ?? process.env.VIGIL_POLICY,
      defaultPolicy,
      home: settings.home,
      connectors: flags.connectors ?? process.env.VIGIL_CONNECTORS,
      assets: flags.assets,
      secretsEnvironment: process.env,
    });
    const stores = await openStores(settings.database);
    const logger = pino(loggerOptions(flags.logLevel));
    const hecTokens = [
      ...(flags.hecToken ?? []),
      ...(process.env.VIGIL_HEC_TOKENS ?? '').split(',').map((token) => token.trim()),
    ].filter((token) => token.length > 0);
    const replaying = (flags.replay ?? []).length > 0;
    const syslogUdp = flags.syslogUdp ? listenAddressOf(flags.syslogUdp, flags.host, '--syslog-udp') : undefined;
    const syslogTcp = flags.syslogTcp ? listenAddressOf(flags.syslogTcp, flags.host, '--syslog-tcp') : undefined;
    let knowledge: Knowledge | undefined;
    if (replaying || hecTokens.length > 0 || syslogUdp || syslogTcp) {
      knowledge = await loadCommandKnowledge(settings, flags, (text) => process.stderr.write(`${text}\n`));
      // analysts see, override and expire the intel the investigations match
      if (knowledge.intel) await storeNewIndicators(stores.store, knowledge.intel.indicators);
    }
    const mounts: ApiMount[] = [];
    const liveKnowledge = knowledge;
    // every live input's batches: spooled, then the investigation `vigil investigate` runs
    const liveBatches = liveKnowledge && {
      spoolFolder: join(settings.home, 'spool'),
      investigate: async (file: string) => {
        const investigation = await investigateWithStoredKnowledge([file], liveKnowledge, stores, {
          format: 'splunk-json',
          actor: 'vigil',
        });
        return { events: investigation.ingest.events, incidents: investigation.incidents.length };
      },
    };
    const logBatch = (input: string) => (outcome: { events: number; incidents: number } | { error: string }) =>
      'error' in outcome
        ? logger.error({ error: outcome.error, input }, 'live batch investigation failed')
        : logger.info({ ...outcome, input }, 'live batch investigated');
    if (liveBatches && hecTokens.length > 0)
      mounts.push(createHecMount({ ...liveBatches, tokens: hecTokens, onBatch: logBatch('hec') }));
    const syslog =
      liveBatches && (syslogUdp || syslogTcp)
        ? createSyslogMount({ ...liveBatches, udp: syslogUdp, tcp: syslogTcp, onBatch: logBatch('syslog') })
        : undefined;
    if (syslog) mounts.push(syslog);
    const attack =
      knowledge?.attack ?? (settings.attackPath ? await loadAttackCatalog(settings.attackPath) : undefined);
    const app = await createApp({
      attack,
      sla,
      store: stores.store,
      tokens: stores.tokens,
      runs: stores.runs,
      knowledge: stores.knowledge,
      taxii: stores.taxii,
      mounts,
      logger,
      consoleRoot,
      corsOrigins: flags.corsOrigin ?? [],
      version: program.version() ?? '0',
      response: { ...response.options, startRuns: flags.respond, policyFile: response.policyTarget },
      content: {
        rules: settings.rulesPaths,
        rulesUploadFolder: join(settings.home, 'rules'),
        playbooks: [defaultPlaybooks],
      },
    });
    const address = await app.listen({ host: flags.host, port });
    output.write(`Vigil console: ${paint(output, 'bold', `${address}/`)}  (store ${settings.database})`);
    output.write(
      `API: ${address}/api/v1  docs: ${address}/docs  OpenAPI: ${address}/openapi.json  TAXII 2.1: ${address}/taxii/taxii2/`,
    );
    if (hecTokens.length > 0)
      output.write(`Splunk HEC: ${address}/services/collector/event (and /raw), Authorization: Splunk <token>`);
    if (syslog?.listener) {
      const bound = (address: { address: string; port: number } | undefined) =>
        address ? `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}` : '-';
      output.write(`Syslog: udp ${bound(syslog.listener.udpAddress)} tcp ${bound(syslog.listener.tcpAddress)}`);
    }
    const connectorNames = [...new Set(Object.values(response.options.connectors).map((connector) => connector.name))];
    output.write(
      `Response: policy ${response.policySource}; connectors ${
        connectorNames.length > 0
          ? `${connectorNames.join(', ')} (${response.connectorsSource})`
          : 'none configured: no action will be executed on any system (give --connectors FILE)'
      }`,
    );
    if ((await stores.tokens.countActiveTokens()) === 0) {
      const created = await createApiToken(stores.tokens, { name: 'admin', role: 'admin', createdBy: 'vigil serve' });
      await stores.store.appendAudit({
        actor: 'vigil serve',
        action: 'token-created',
        subject: { kind: 'api-token', id: created.stored.id },
        details: { name: 'admin', role: 'admin', firstRun: true },
      });
      output.write(`Admin token (first run; shown only this once): ${paint(output, 'bold', created.token)}`);
    } else output.write('Sign in with an existing token (create one: vigil tokens create --role analyst --name NAME)');

    // Listening starts before the replay, so a stop signal during it closes the server too.
    const stopped = untilStopSignal().then(() => app.close().then(() => stores.close()));

    if (knowledge && flags.replay && flags.replay.length > 0) {
      const investigation = await investigateWithStoredKnowledge(flags.replay, knowledge, stores, {
        actor: 'vigil',
        limits: inputLimitsOf(flags),
      });
      output.write(
        `replayed ${investigation.ingest.events} events: ${investigation.alerts} alerts, ${investigation.incidents.length} incident(s)`,
      );
      for (const investigated of investigation.incidents)
        output.write(renderIncident(incidentReport(investigated), output));
      const desk = responseDeskOf(app);
      if (desk && flags.respond) {
        for (const investigated of investigation.incidents) {
          const incidentId = investigated.incident.id;
          if ((await stores.store.listProposals(incidentId)).length === 0) continue;
          const started = await desk.ensurePlanRun(incidentId);
          const run = (await desk.advance(started.id)) ?? started;
          output.write(`\n${describeResponseRun(run, desk.connectorFor.bind(desk))}`);
          output.write(
            `Open ${address}/#/runs/${encodeURIComponent(run.id)} to follow it, or the approval queue to decide.`,
          );
        }
      } else
        output.write('\nOpen the console to review the plan: its actions wait for an analyst in the approval queue.');
    }
    await stopped;
  });
}
