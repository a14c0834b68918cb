import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { ExternalServiceError, type Tlp, tlpSchema, UsageError } from '../../core/index.js';
import { type IntelImport, importIntel, type MispFeedState, type TaxiiPollState } from '../../intel/index.js';
import { type StoredIntelImport, storeIntelImport } from '../../knowledge/index.js';
import { openStores, type Stores } from '../../store/index.js';
import { addInputLimitOptions, addStoreOption, type InputLimitFlags, inputLimitsOf } from '../options.js';
import { createOutput, type Output, paint, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';
import { taxiiAuthentication } from '../taxii-credentials.js';

interface IntelFlags extends InputLimitFlags {
  json?: boolean;
  db?: string;
  strict?: boolean;
  interval?: string;
  once?: boolean;
  unmarkedTlp?: string;
}

/** `--unmarked-tlp`: the TLP of MISP events with no tlp: tag (default amber, never a silent CLEAR). */
function unmarkedTlpOf(flags: IntelFlags): { unmarkedTlp?: Tlp } {
  if (flags.unmarkedTlp === undefined) return {};
  const parsed = tlpSchema.safeParse(flags.unmarkedTlp.toLowerCase().replace(/^tlp:/, ''));
  if (!parsed.success)
    throw new UsageError(`--unmarked-tlp: unknown TLP ${flags.unmarkedTlp} (one of ${tlpSchema.options.join(', ')})`);
  return { unmarkedTlp: parsed.data };
}

/** Stores the indicators and the context objects; the stored indicators that relationships name are joined again. */
async function storeImport(stores: Stores, inputs: string[], result: IntelImport): Promise<StoredIntelImport> {
  const stored = await storeIntelImport(stores, result);
  await stores.store.appendAudit({
    actor: 'vigil',
    action: 'intel-imported',
    subject: { kind: 'intel', id: inputs.join(',') },
    details: {
      objects: result.objects,
      indicators: result.indicators.length,
      rejected: result.rejected.length,
      contextObjects: stored.contextObjects,
      joined: stored.joined,
    },
  });
  return stored;
}

function report(output: Output, result: IntelImport, stored: StoredIntelImport): void {
  const summary = {
    objects: result.objects,
    indicators: result.indicators.length,
    rejected: result.rejected,
    contextObjects: stored.contextObjects,
    joined: stored.joined,
  };
  if (output.json) {
    writeJson(output, summary);
    return;
  }
  output.write(
    `${summary.objects} objects read, ${summary.indicators} indicators stored` +
      (stored.joined > 0 ? `, ${stored.joined} attributed by relationships of this or earlier imports` : ''),
  );
  for (const rejection of summary.rejected.slice(0, 20)) {
    const where = rejection.objectId ? ` [${rejection.objectId}]` : '';
    output.write(paint(output, 'yellow', `  rejected ${rejection.source}${where}: ${rejection.reason}`));
  }
}

/** Replaces the state file in one rename, so a crash leaves the old state or the new one, never half of one. */
async function writePollState(file: string, state: object): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(temporary, file);
}

/** A source that failed part-way: what it gave is stored; the command still fails, with one line. */
function failIfPartial(result: IntelImport): void {
  const [first] = result.failures;
  if (!first) return;
  const others = result.failures.length > 1 ? ` (and ${result.failures.length - 1} more)` : '';
  throw new ExternalServiceError(`${first.message}${others}; what came before was stored`, { cause: first });
}

async function readPollState<T extends object = TaxiiPollState>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return {} as T;
  }
}

export function registerIntelCommand(program: Command): void {
  const intel = program.command('intel').description('threat intelligence');
  const importCommand = intel
    .command('import')
    .description('import STIX 2.1 bundles, MISP events or feeds, IOC lists and TAXII collections into the store')
    .argument('<paths-or-urls...>', 'files, directories, URLs, or taxii+https://host/api-root/collections/<id>/')
    .option('--strict', 'refuse the whole input when one object is invalid')
    .option('--unmarked-tlp <level>', 'TLP of MISP events without a tlp: tag (default amber)')
    .option('--json', 'print JSON');
  addInputLimitOptions(importCommand);
  addStoreOption(importCommand).action(async (inputs: string[], flags: IntelFlags) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({ db: flags.db });
    const authentication = taxiiAuthentication();
    const result = await importIntel(inputs, {
      strict: flags.strict ?? false,
      keepPartial: true,
      limits: inputLimitsOf(flags),
      ...unmarkedTlpOf(flags),
      ...(authentication ? { taxii: { authentication } } : {}),
    });
    const stores = await openStores(settings.database);
    let stored: StoredIntelImport;
    try {
      stored = await storeImport(stores, inputs, result);
    } finally {
      await stores.close();
    }
    report(output, result, stored);
    failIfPartial(result);
  });

  const watch = intel
    .command('watch')
    .description('poll TAXII collections or feeds, importing only what was added since the last poll')
    .argument('<urls...>', 'taxii+https://… collections, MISP feed or STIX URLs')
    .option('--interval <seconds>', 'seconds between polls', '300')
    .option('--once', 'poll once and exit')
    .option('--unmarked-tlp <level>', 'TLP of MISP events without a tlp: tag (default amber)')
    .option('--json', 'print JSON');
  addStoreOption(watch).action(async (inputs: string[], flags: IntelFlags) => {
    const output = createOutput(flags.json ?? false);
    const interval = Number(flags.interval);
    if (!Number.isFinite(interval) || interval < 1) throw new UsageError('--interval must be a number of seconds ≥ 1');
    const settings = resolveSettings({ db: flags.db });
    const stateFile = join(settings.home, 'taxii-poll-state.json');
    const feedStateFile = join(settings.home, 'misp-feed-state.json');
    const authentication = taxiiAuthentication();
    const stores = await openStores(settings.database);
    try {
      for (;;) {
        const state = await readPollState(stateFile);
        const feeds = await readPollState<Record<string, MispFeedState>>(feedStateFile);
        const result = await importIntel(inputs, {
          keepPartial: true,
          feeds,
          ...unmarkedTlpOf(flags),
          taxii: { state, ...(authentication ? { authentication } : {}) },
        });
        // stored first, then the position: a crash in between fetches those pages again (upserts are idempotent)
        const stored = await storeImport(stores, inputs, result);
        await writePollState(stateFile, state);
        await writePollState(feedStateFile, feeds);
        report(output, result, stored);
        failIfPartial(result);
        if (flags.once) return;
        await sleep(interval * 1000);
      }
    } finally {
      await stores.close();
    }
  });
}
