import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExternalServiceError, type Tlp, tlpSchema, UsageError } from '../../core/index.js';
import { loadAttackCatalog } from '../../detect/index.js';
import { mispFeedFiles, TaxiiClient } from '../../intel/index.js';
import {
  decidePublication,
  incidentToMispEvent,
  incidentToStixBundle,
  mispServerPublisher,
  packageIncident,
  publishApproved,
  requestPublication,
  taxiiServerPublisher,
} from '../../knowledge/index.js';
import { openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';
import { taxiiAuthentication } from '../taxii-credentials.js';

type StoreFlags = { db?: string; json?: boolean };

const tlpOf = (value: string | undefined, fallback: Tlp): Tlp => {
  if (value === undefined) return fallback;
  const parsed = tlpSchema.safeParse(value.toLowerCase().replace(/^tlp:/, ''));
  if (!parsed.success) throw new UsageError(`unknown TLP ${value} (one of ${tlpSchema.options.join(', ')})`);
  return parsed.data;
};

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

/** A MISP destination from flags; its key only from the environment (never a flag, never logged). */
function mispPublisher(url: string, ceiling: Tlp) {
  const key = process.env.VIGIL_MISP_KEY;
  if (!key) throw new UsageError('set VIGIL_MISP_KEY to publish to MISP');
  return mispServerPublisher({ url, key, ceiling });
}

/** A remote TAXII 2.1 collection (`https://…/collections/<id>/`); credentials from VIGIL_TAXII_*. */
function taxiiPublisher(collectionUrl: string, ceiling: Tlp) {
  const authentication = taxiiAuthentication();
  return taxiiServerPublisher(new TaxiiClient(authentication ? { authentication } : {}), collectionUrl, ceiling);
}

/** The destination of a request: exactly one of --misp-url and --taxii-url. */
function destinationOf(flags: { mispUrl?: string; taxiiUrl?: string }): {
  destination: string;
  format: 'stix' | 'misp';
} {
  if (Boolean(flags.mispUrl) === Boolean(flags.taxiiUrl))
    throw new UsageError('give exactly one of --misp-url and --taxii-url');
  if (flags.taxiiUrl) {
    const url = flags.taxiiUrl.replace(/^taxii\+/i, '');
    if (!/^https?:\/\/.+\/collections\/[^/]+\/?$/i.test(url))
      throw new UsageError(`--taxii-url must be a collection URL (…/collections/<id>/), not ${flags.taxiiUrl}`);
    return { destination: `taxii:${url.endsWith('/') ? url : `${url}/`}`, format: 'stix' };
  }
  if (/\/collections\/[^/]+\/?$|\/taxii2?\//i.test(flags.mispUrl ?? ''))
    throw new UsageError(`${flags.mispUrl} looks like a TAXII URL: use --taxii-url for TAXII collections`);
  return { destination: `misp:${flags.mispUrl}`, format: 'misp' };
}

export function registerShareCommand(program: Command): void {
  const share = program
    .command('share')
    .description('share incidents with communities (STIX 2.1, MISP), only after an analyst approves');

  const exportCommand = share
    .command('export')
    .description('write an incident as a STIX 2.1 bundle, a MISP event or a MISP feed folder (nothing is sent)')
    .argument('<incident>', 'incident id')
    .option('--format <format>', 'stix, misp, or misp-feed (a folder MISP can subscribe to; needs --out)', 'stix')
    .option('--attack <file>', 'ATT&CK bundle for technique names and kill-chain phases (or VIGIL_ATTACK_PATH)')
    .option('--tlp <level>', 'the most sensitive TLP to include (default amber; red is never shared)', 'amber')
    .option('--out <file>', 'write to a file instead of standard output');
  addStoreOption(exportCommand).action(
    async (incidentId: string, flags: StoreFlags & { format: string; tlp?: string; out?: string; attack?: string }) => {
      if (!['stix', 'misp', 'misp-feed'].includes(flags.format))
        throw new UsageError('--format is stix, misp or misp-feed');
      if (flags.format === 'misp-feed' && !flags.out) throw new UsageError('--format misp-feed needs --out <folder>');
      const ceiling = tlpOf(flags.tlp, 'amber');
      const attackPath = resolveSettings({
        db: flags.db,
        ...(flags.attack ? { attack: flags.attack } : {}),
      }).attackPath;
      const attack = attackPath ? await loadAttackCatalog(attackPath) : undefined;
      await withStores(flags, async (stores) => {
        const pack = await packageIncident(stores, incidentId, {
          ceiling,
          incidentTlp: ceiling === 'clear' || ceiling === 'green' ? ceiling : 'amber',
        });
        if (flags.format === 'misp-feed') {
          mkdirSync(flags.out!, { recursive: true });
          for (const [name, text] of mispFeedFiles([incidentToMispEvent(pack, { attack })]))
            writeFileSync(join(flags.out!, name), text);
        } else {
          const document =
            flags.format === 'stix' ? incidentToStixBundle(pack, { attack }) : incidentToMispEvent(pack, { attack });
          const text = `${JSON.stringify(document, null, 2)}\n`;
          if (flags.out) writeFileSync(flags.out, text);
          else process.stdout.write(text);
        }
        if (pack.withheld.length > 0)
          process.stderr.write(
            `vigil: ${pack.withheld.length} indicator(s) above TLP:${ceiling.toUpperCase()} withheld\n`,
          );
      });
    },
  );

  const request = share
    .command('request')
    .description(
      'ask to publish an incident to a MISP server or a TAXII collection (pending until another analyst approves)',
    )
    .argument('<incident>', 'incident id')
    .option('--misp-url <url>', 'MISP server')
    .option('--taxii-url <url>', 'TAXII 2.1 collection (https://…/collections/<id>/)')
    .option('--tlp <level>', 'the destination TLP ceiling (default amber)', 'amber')
    .requiredOption('--by <analyst>', 'who asks')
    .option('--json', 'print JSON');
  addStoreOption(request).action(
    async (
      incidentId: string,
      flags: StoreFlags & { mispUrl?: string; taxiiUrl?: string; tlp?: string; by: string },
    ) => {
      const output = createOutput(flags.json ?? false);
      const destination = destinationOf(flags);
      await withStores(flags, async (stores) => {
        const record = await requestPublication(stores, {
          incidentId,
          publisher: { ...destination, ceiling: tlpOf(flags.tlp, 'amber') },
          requestedBy: flags.by,
        });
        if (output.json) writeJson(output, record);
        else output.write(`publication ${record.id} pending approval (TLP:${record.tlp.toUpperCase()})`);
      });
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    const command = share
      .command(decision)
      .description(`${decision} a pending publication (not by the analyst who asked)`)
      .argument('<publication>', 'publication id')
      .requiredOption('--by <analyst>', 'who decides')
      .option('--reason <text>', 'why')
      .option('--json', 'print JSON');
    addStoreOption(command).action(async (id: string, flags: StoreFlags & { by: string; reason?: string }) => {
      const output = createOutput(flags.json ?? false);
      await withStores(flags, async (stores) => {
        const record = await decidePublication(stores, {
          id,
          analyst: flags.by,
          decision: decision === 'approve' ? 'approved' : 'rejected',
          ...(flags.reason ? { reason: flags.reason } : {}),
        });
        if (output.json) writeJson(output, record);
        else output.write(`publication ${id} ${record.status}`);
      });
    });
  }

  const publish = share
    .command('publish')
    .description(
      'send an approved publication to its MISP server (key from VIGIL_MISP_KEY) or TAXII collection (VIGIL_TAXII_TOKEN, or VIGIL_TAXII_USER and VIGIL_TAXII_PASSWORD)',
    )
    .argument('<publication>', 'publication id')
    .option('--tlp <level>', 'the destination TLP ceiling (default amber)', 'amber')
    .option('--json', 'print JSON');
  addStoreOption(publish).action(async (id: string, flags: StoreFlags & { tlp?: string }) => {
    const output = createOutput(flags.json ?? false);
    await withStores(flags, async (stores) => {
      const record = await stores.knowledge.getPublication(id);
      if (!record) throw new UsageError(`no publication ${id}`);
      const ceiling = tlpOf(flags.tlp, 'amber');
      const publisher = record.destination.startsWith('misp:')
        ? mispPublisher(record.destination.slice('misp:'.length), ceiling)
        : record.destination.startsWith('taxii:')
          ? taxiiPublisher(record.destination.slice('taxii:'.length), ceiling)
          : undefined;
      if (!publisher) throw new UsageError(`publication ${id} is for ${record.destination}`);
      const published = await publishApproved(stores, id, publisher);
      if (output.json) writeJson(output, published);
      else output.write(`publication ${id}: ${published.status} — ${published.detail ?? ''}`);
      // recorded as failed (and audited); the command fails too, with one line saying why
      if (published.status === 'failed')
        throw new ExternalServiceError(
          `publication ${id} to ${record.destination} failed: ${published.detail ?? 'no detail'}`,
        );
    });
  });

  const list = share
    .command('list')
    .description('publications, with their status')
    .option('--incident <id>', 'of one incident')
    .option('--json', 'print JSON');
  addStoreOption(list).action(async (flags: StoreFlags & { incident?: string }) => {
    const output = createOutput(flags.json ?? false);
    await withStores(flags, async (stores) => {
      const found = await stores.knowledge.listPublications(flags.incident ? { incidentId: flags.incident } : {});
      if (output.json) return writeJson(output, found);
      if (found.length === 0) output.write('no publication');
      for (const item of found)
        output.write(
          `${item.id}  ${item.incidentId}  ${item.destination}  ${item.status}  TLP:${item.tlp.toUpperCase()}`,
        );
    });
  });
}
