import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { caseReportHtml, renderPdf } from '../../api/index.js';
import { UsageError } from '../../core/index.js';
import { loadAttackCatalog } from '../../detect/index.js';
import {
  addIncidentNote,
  assignIncident,
  caseFiles,
  findSimilarIncidents,
  incidentSlaStatuses,
  loadSlaTargets,
  slaSummary,
} from '../../knowledge/index.js';
import { openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { actingUser, resolveSettings } from '../settings.js';

export function registerIncidentsCommand(program: Command): void {
  const incidents = program.command('incidents').description('stored incidents');
  registerCaseCommands(incidents);
  const similar = incidents
    .command('similar')
    .description('past incidents most like one incident, by shared entities, indicators and techniques')
    .argument('<id>', 'incident id')
    .option('--limit <n>', 'how many (default 10)', (value) => Number.parseInt(value, 10))
    .option('--json', 'print JSON');
  addStoreOption(similar).action(async (id: string, flags: { limit?: number; json?: boolean; db?: string }) => {
    const output = createOutput(flags.json ?? false);
    const stores = await openStores(resolveSettings({ db: flags.db }).database);
    try {
      const found = await findSimilarIncidents(stores, id, { limit: flags.limit ?? 10 });
      if (output.json) return writeJson(output, { incident: id, similar: found });
      if (found.length === 0) output.write('no similar incident');
      for (const item of found)
        output.write(
          `${item.score.toFixed(3)}  ${item.incident.id}  ${item.incident.title}${item.verdict ? ` [${item.verdict}]` : ''}\n       shared: ${[...item.shared.entities, ...item.shared.indicators, ...item.shared.techniques].slice(0, 8).join(', ')}`,
        );
    } finally {
      await stores.close();
    }
  });
  const report = incidents
    .command('report')
    .description(
      'the case report of an incident (HTML, or PDF through headless Chromium): the same as GET /incidents/:id/report',
    )
    .argument('<id>', 'incident id')
    .option('--format <format>', 'html or pdf (default html)', 'html')
    .option('--out <file>', 'where to write it (default: stdout for HTML)')
    .option('--attack <file>', 'ATT&CK bundle: techniques under their catalogue tactics');
  addStoreOption(report).action(
    async (id: string, flags: { format: string; out?: string; attack?: string; db?: string }) => {
      if (flags.format !== 'html' && flags.format !== 'pdf')
        throw new UsageError(`--format must be html or pdf, not ${flags.format}`);
      if (flags.format === 'pdf' && !flags.out) throw new UsageError('a PDF report needs --out FILE');
      const settings = resolveSettings({ db: flags.db, attack: flags.attack });
      const stores = await openStores(settings.database);
      try {
        const attack = settings.attackPath ? await loadAttackCatalog(settings.attackPath) : undefined;
        const html = await caseReportHtml({ store: stores.store, runs: stores.runs, attack }, id, new Date());
        const body = flags.format === 'pdf' ? await renderPdf(html) : html;
        if (flags.out) await writeFile(flags.out, body);
        else process.stdout.write(html);
      } finally {
        await stores.close();
      }
    },
  );
}

/** `incidents list`, `assign` and `note`: the queue and the case file, as the API and console show them. */
function registerCaseCommands(incidents: Command): void {
  const list = incidents
    .command('list')
    .description("the incident queue, most recent first, with each incident's assignee and SLA timers")
    .option('--limit <n>', 'how many (default 50)', (value) => Number.parseInt(value, 10))
    .option('--sla <file>', 'SLA targets per severity (YAML; default $VIGIL_SLA, else the documented defaults)')
    .option('--json', 'print JSON');
  addStoreOption(list).action(async (flags: { limit?: number; json?: boolean; db?: string; sla?: string }) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({ db: flags.db, sla: flags.sla });
    const targets = await loadSlaTargets(settings.slaPath);
    const stores = await openStores(settings.database);
    try {
      const listed = await stores.store.listIncidents({ limit: flags.limit ?? 50 });
      const ids = listed.map((incident) => incident.id);
      const files = caseFiles(ids, await stores.store.listCaseEntries(ids));
      const sla = await incidentSlaStatuses(
        { store: stores.store, runs: stores.runs, targets, now: new Date() },
        listed,
      );
      const rows = listed.map((incident) => ({
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        lastSeen: incident.lastSeen,
        alertCount: incident.alertIds.length,
        assignee: files.get(incident.id)?.assignee ?? null,
        notes: files.get(incident.id)?.notes.length ?? 0,
        sla: sla.get(incident.id),
      }));
      if (output.json) return writeJson(output, { incidents: rows });
      if (rows.length === 0) output.write('no incident');
      for (const row of rows)
        output.write(
          `${row.severity.padEnd(13)} ${row.id}  ${row.title}\n              ${row.status} · ${row.alertCount} alert(s) · ${row.assignee ? `assigned to ${row.assignee}` : 'unassigned'} · ${row.notes} note(s) · SLA ${row.sla ? slaSummary(row.sla) : '—'}`,
        );
    } finally {
      await stores.close();
    }
  });

  const assign = incidents
    .command('assign')
    .description('assign an incident to an analyst (--none: back to the queue); recorded in the audit chain')
    .argument('<id>', 'incident id')
    .argument('[assignee]', 'who takes it')
    .option('--none', 'assign it to nobody')
    .option('--as <user>', 'who is acting (default $VIGIL_USER, else the login name)')
    .option('--json', 'print JSON');
  addStoreOption(assign).action(
    async (
      id: string,
      assignee: string | undefined,
      flags: { none?: boolean; as?: string; json?: boolean; db?: string },
    ) => {
      if (!assignee && !flags.none) throw new UsageError('name the assignee, or give --none');
      if (assignee && flags.none) throw new UsageError('give an assignee or --none, not both');
      const output = createOutput(flags.json ?? false);
      const stores = await openStores(resolveSettings({ db: flags.db }).database);
      try {
        const entry = await assignIncident(stores, {
          incidentId: id,
          author: actingUser(flags.as),
          assignee: assignee ?? null,
        });
        if (output.json) return writeJson(output, entry);
        output.write(assignee ? `${id} assigned to ${assignee}` : `${id} unassigned`);
      } finally {
        await stores.close();
      }
    },
  );

  const note = incidents
    .command('note')
    .description("add a note to an incident's case file; recorded in the audit chain")
    .argument('<id>', 'incident id')
    .argument('<text...>', 'the note')
    .option('--as <user>', 'who is writing (default $VIGIL_USER, else the login name)')
    .option('--json', 'print JSON');
  addStoreOption(note).action(
    async (id: string, words: string[], flags: { as?: string; json?: boolean; db?: string }) => {
      const output = createOutput(flags.json ?? false);
      const stores = await openStores(resolveSettings({ db: flags.db }).database);
      try {
        const entry = await addIncidentNote(stores, {
          incidentId: id,
          author: actingUser(flags.as),
          text: words.join(' '),
        });
        if (output.json) return writeJson(output, entry);
        output.write(`note added to ${id} by ${entry.author}`);
      } finally {
        await stores.close();
      }
    },
  );
}
