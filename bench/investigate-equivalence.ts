/**
 * Performance work must not change what `vigil investigate` finds. This runs a baseline commit's
 * compiled CLI and this checkout's on the same inputs and compares, byte for byte, the `--json`
 * output and what each stored: alerts, incidents with their artifacts, proposals and the audit
 * entries (without their times and hashes), and the event count.
 *
 *   node --import tsx bench/investigate-equivalence.ts [BASELINE_REF] [SET…]
 *
 * BASELINE_REF defaults to main. Sets (default: all): covenant (37,814 events, 2,417 Windows rules),
 * covenant-attack (the same with ATT&CK), demo, copy-smb (a 0.7 MB OTRF set), psexec, regsvr32.
 * Exits 1 when any set differs. Not a timing: nothing here is measured.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sharedDataRoot } from '../test/shared-data.js';
import { prepareBaselineCheckout } from './baseline-checkout.js';

const data = sharedDataRoot();
if (!data) {
  console.log('../shared/data is absent: investigate equivalence skipped');
  process.exit(0);
}
const [baselineRef = 'main', ...chosen] = process.argv.slice(2);
const repository = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'vigil-equivalence-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const baseline = prepareBaselineCheckout(repository, baselineRef, work);

const otrf = (path: string) => {
  const file = join(work, `${path.split('/').pop()}.json`);
  if (!existsSync(file))
    writeFileSync(
      file,
      execFileSync('unzip', ['-p', join(data, 'otrf-security-datasets/datasets/atomic/windows', path)], {
        maxBuffer: 1 << 30,
      }),
    );
  return file;
};
const windowsRules = join(data, 'sigma', 'rules', 'windows');
const attack = join(data, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
const demo = join(repository, 'examples', 'demo');
const sets: Record<string, () => string[]> = {
  covenant: () => [otrf('lateral_movement/host/covenant_dcom_iertutil_dll_hijack.zip'), '--rules', windowsRules],
  'covenant-attack': () => [
    otrf('lateral_movement/host/covenant_dcom_iertutil_dll_hijack.zip'),
    '--rules',
    windowsRules,
    '--attack',
    attack,
  ],
  demo: () => [
    join(demo, 'logs'),
    ...['--rules', join(repository, 'rules'), '--intel', join(demo, 'intel'), '--assets', join(demo, 'assets.yaml')],
    ...['--attack', attack],
  ],
  'copy-smb': () => [
    otrf('lateral_movement/host/covenant_copy_smb_CreateRequest.zip'),
    ...['--rules', windowsRules, '--attack', attack],
  ],
  psexec: () => [otrf('lateral_movement/host/empire_psexec_dcerpc_tcp_svcctl.zip'), '--rules', windowsRules],
  regsvr32: () => [otrf('defense_evasion/host/empire_launcher_sct_regsvr32.zip'), '--rules', windowsRules],
};

/** What a run stored, without times and hashes. */
function stored(path: string): string {
  const database = new Database(path, { readonly: true });
  const all = (sql: string) => database.prepare(sql).all();
  const picture = {
    alerts: all('select id, body from alerts order by id'),
    incidents: all('select id, severity, status, body, artifacts from incidents order by id'),
    proposals: all('select id, incident_id, position, body from action_proposals order by id'),
    audit: all('select actor, action, subject_kind, subject_id, details from audit_log order by sequence'),
    events: database.prepare('select count(*) as count from events').get(),
  };
  database.close();
  return JSON.stringify(picture);
}

function run(root: string, side: string, name: string, args: string[]): { output: string; stored: string } {
  const db = join(work, `${name}-${side}.db`);
  const result = spawnSync(process.execPath, ['bin/vigil.js', 'investigate', ...args, '--db', db, '--json'], {
    cwd: root,
    env: { ...process.env, VIGIL_HOME: join(work, `home-${side}`) },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`${side} ${name} failed (${result.status}): ${result.stderr.slice(-600)}`);
  return { output: result.stdout, stored: stored(db) };
}

let differ = 0;
for (const name of chosen.length > 0 ? chosen : Object.keys(sets)) {
  const args = sets[name]?.();
  if (!args) throw new Error(`unknown set ${name} (one of ${Object.keys(sets).join(', ')})`);
  const before = run(baseline, 'before', name, args);
  const after = run(repository, 'after', name, args);
  const report = JSON.parse(after.output) as { ingest: { events: number }; alerts: number; incidents: unknown[] };
  const same = before.output === after.output && before.stored === after.stored;
  if (!same) differ++;
  console.log(
    `${name}: ${same ? 'identical' : before.output === after.output ? 'DIFFERENT stored results' : 'DIFFERENT output'} (${report.ingest.events} events, ${report.alerts} alerts, ${report.incidents.length} incidents)`,
  );
}
process.exit(differ > 0 ? 1 : 0);
