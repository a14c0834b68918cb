import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { InputInvalidError, InputUnreadableError, NotFoundError } from '../../core/index.js';
import {
  draftPlaybook,
  fromCacao,
  loadPlaybook,
  loadPlaybooks,
  selectPlaybooks,
  toCacao,
} from '../../respond/index.js';
import { openStore } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';
import { incidentSignature } from './incident-signature.js';

export function registerPlaybooksCommand(program: Command): void {
  const playbooks = program
    .command('playbooks')
    .description('response playbooks: check, select, draft, CACAO 2.0 import and export');

  playbooks
    .command('check')
    .description('validate playbook files; errors name the step and the field')
    .argument('<path>', 'a playbook file, or a folder of playbooks (.yaml)')
    .option('--json', 'print JSON')
    .action(async (folder: string, flags: { json?: boolean }) => {
      const output = createOutput(flags.json ?? false);
      const result = await loadPlaybooks(folder);
      const report = {
        playbooks: result.playbooks.length + result.failed.length,
        valid: result.playbooks.length,
        failed: result.failed,
      };
      if (output.json) writeJson(output, report);
      else {
        output.write(`${report.valid} of ${report.playbooks} playbooks valid`);
        for (const failure of report.failed)
          output.write(paint(output, 'yellow', `  ${failure.file}: ${failure.reason}`));
      }
      if (report.failed.length > 0) process.exitCode = 1;
    });

  addStoreOption(
    playbooks
      .command('select')
      .description('the playbooks that apply to a stored incident (technique, tactic or rule)')
      .argument('<incident-id>')
      .requiredOption('--playbooks <folder>', 'folder of playbooks')
      .option('--json', 'print JSON'),
  ).action(async (incidentId: string, flags: { playbooks: string; db?: string; json?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    const { playbooks: loaded } = await loadPlaybooks(flags.playbooks);
    const store = await openStore(resolveSettings({ db: flags.db }).database);
    try {
      const selected = selectPlaybooks(loaded, await incidentSignature(store, incidentId));
      if (output.json)
        return writeJson(output, {
          incidentId,
          playbooks: selected.map((playbook) => ({ id: playbook.id, name: playbook.name })),
        });
      output.write(
        selected.length === 0
          ? 'no playbook applies'
          : selected.map((playbook) => `${playbook.id}: ${playbook.name}`).join('\n'),
      );
    } finally {
      await store.close();
    }
  });

  addStoreOption(
    playbooks
      .command('draft')
      .description("draft a playbook (YAML) from a stored incident's plan")
      .argument('<incident-id>'),
  ).action(async (incidentId: string, flags: { db?: string }) => {
    const store = await openStore(resolveSettings({ db: flags.db }).database);
    try {
      const stored = await store.getIncident(incidentId);
      if (!stored)
        throw new NotFoundError(`no incident ${incidentId} in the store`, { location: { objectId: incidentId } });
      createOutput(false).write(stringify(draftPlaybook(stored.incident, await store.listProposals(incidentId))));
    } finally {
      await store.close();
    }
  });

  playbooks
    .command('export')
    .description('write a playbook as OASIS CACAO 2.0 JSON')
    .argument('<file>', 'playbook (.yaml)')
    .action(async (file: string) => {
      writeJson(createOutput(true), toCacao(await loadPlaybook(file), new Date()));
    });

  playbooks
    .command('import')
    .description('read an OASIS CACAO 2.0 playbook (JSON) and write it as a Vigil playbook (YAML)')
    .argument('<file>', 'CACAO 2.0 JSON')
    .action(async (file: string) => {
      let document: unknown;
      try {
        document = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code)
          throw new InputUnreadableError(`cannot read ${file}: ${(error as Error).message}`, { location: { file } });
        throw new InputInvalidError(`not JSON: ${(error as Error).message}`, { location: { file } });
      }
      createOutput(false).write(stringify(fromCacao(document, file)));
    });
}
