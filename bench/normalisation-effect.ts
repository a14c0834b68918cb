/**
 * What ingest normalisation changes for rules (run: `node --import tsx bench/normalisation-effect.ts
 * [--otrf-only|--evtx-only]`). Two corpora from ../shared, the same SigmaHQ Windows rules and
 * Vigil's own rules:
 *
 * - SigmaHQ's regression `.evtx` files read raw (through evtxexport): how many are matched by the
 *   rule they were recorded for, and the alerts of every other rule on them (false alerts);
 * - the OTRF host data sets: alerts in all, and alerts of the rules whose detection names the
 *   `Data` field or a hex-valued field (GrantedAccess, AccessMask, LogonId, Status…).
 *
 * Run it on two checkouts (before and after a change) to compare; figures are counts, not times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector, loadRules, type RuleSet } from '../src/detect/index.js';
import { readEvents } from '../src/ingest/index.js';
import { repositoryRoot, sharedDataRoot } from '../test/shared-data.js';

const root = sharedDataRoot();
if (!root) {
  console.log('../shared/data is absent: normalisation effect skipped');
  process.exit(0);
}
const only = process.argv.find((argument) => argument.startsWith('--') && argument.endsWith('-only'));
const hexFields =
  /^\s+(GrantedAccess|AccessMask|AccessList|LogonId|SubjectLogonId|TargetLogonId|Status|SubStatus|FailureCode|TicketOptions|TicketEncryptionType|CallTrace|Keywords)(\|[a-z|]+)?:/m;
const dataField = /^\s+Data(\|[a-z|]+)?:/m;

function rulesUsing(ruleSet: RuleSet, pattern: RegExp): Set<string> {
  const ids = new Set<string>();
  const byFile = new Map<string, string>();
  for (const rule of ruleSet.rules) {
    let text = byFile.get(rule.file);
    if (text === undefined) {
      text = readFileSync(rule.file, 'utf8');
      byFile.set(rule.file, text);
    }
    if (pattern.test(text)) ids.add(rule.id);
  }
  return ids;
}

const sigma = await loadRules([join(root, 'sigma', 'rules', 'windows')]);
const vigil = await loadRules([join(repositoryRoot, 'rules')]);
const sigmaData = rulesUsing(sigma, dataField);
const sigmaHex = rulesUsing(sigma, hexFields);
const vigilHex = rulesUsing(vigil, hexFields);
console.log(
  `SigmaHQ Windows rules: ${sigma.rules.length} (${sigmaData.size} use Data, ${sigmaHex.size} use a hex field); Vigil rules: ${vigil.rules.length} (${vigilHex.size} use a hex field)`,
);

interface Counts {
  events: number;
  alerts: number;
  dataAlerts: number;
  hexAlerts: number;
}

async function detectAll(files: string[], ruleSet: RuleSet, data: Set<string>, hex: Set<string>, counts: Counts) {
  const detector = createDetector(ruleSet);
  const fired: string[] = [];
  const count = (alerts: ReturnType<typeof detector.flush>) => {
    for (const alert of alerts) {
      counts.alerts++;
      if (data.has(alert.ruleId)) counts.dataAlerts++;
      if (hex.has(alert.ruleId)) counts.hexAlerts++;
      fired.push(alert.ruleId);
    }
  };
  for await (const batch of readEvents(files)) {
    for (const event of batch.events) {
      counts.events++;
      count(detector.process(event));
    }
  }
  count(detector.flush());
  return fired;
}

if (only !== '--otrf-only') {
  interface RegressionCase {
    rule_id: string;
    rule_path: string;
    evtx: string;
  }
  const cases = readFileSync(join(root, 'sigma', 'regression-index.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RegressionCase)
    .filter((entry) => entry.rule_path.startsWith('rules/windows/'));
  let matched = 0;
  const counts: Counts = { events: 0, alerts: 0, dataAlerts: 0, hexAlerts: 0 };
  let otherAlerts = 0;
  const missed: string[] = [];
  for (const entry of cases) {
    const fired = await detectAll([join(root, 'sigma', entry.evtx)], sigma, sigmaData, sigmaHex, counts);
    if (fired.includes(entry.rule_id)) matched++;
    else missed.push(entry.rule_path);
    otherAlerts += fired.filter((id) => id !== entry.rule_id).length;
  }
  console.log(
    `\nSigmaHQ regression .evtx (raw, evtxexport): ${matched}/${cases.length} matched by their own rule; ${counts.events} events, ${counts.alerts} alerts (${otherAlerts} by other rules), ${counts.dataAlerts} by Data rules, ${counts.hexAlerts} by hex-field rules`,
  );
  for (const miss of missed) console.log(`  missed: ${miss}`);
}

if (only !== '--evtx-only') {
  interface DatasetEntry {
    platform: string[];
    files: Array<{ type?: string; path: string; present?: boolean }>;
  }
  const otrf = join(root, 'otrf-security-datasets');
  const index = JSON.parse(readFileSync(join(otrf, 'index.json'), 'utf8')) as DatasetEntry[];
  const files = [
    ...new Set(
      index
        .filter((entry) => entry.platform.includes('Windows'))
        .flatMap((entry) => entry.files.filter((file) => file.type === 'Host' && file.present !== false))
        .map((file) => join(otrf, file.path)),
    ),
  ];
  const sigmaCounts: Counts = { events: 0, alerts: 0, dataAlerts: 0, hexAlerts: 0 };
  const vigilCounts: Counts = { events: 0, alerts: 0, dataAlerts: 0, hexAlerts: 0 };
  for (const file of files) {
    await detectAll([file], sigma, sigmaData, sigmaHex, sigmaCounts);
    await detectAll([file], vigil, new Set(), vigilHex, vigilCounts);
  }
  console.log(`\nOTRF Windows host files: ${files.length}, events ${sigmaCounts.events}`);
  console.log(
    `  SigmaHQ: ${sigmaCounts.alerts} alerts, ${sigmaCounts.dataAlerts} by Data rules, ${sigmaCounts.hexAlerts} by hex-field rules`,
  );
  console.log(`  Vigil:   ${vigilCounts.alerts} alerts, ${vigilCounts.hexAlerts} by hex-field rules`);
}
