/**
 * A larger corpus for the scale and fault tests, written to a temp folder: the demo Windows log
 * copied for `sites` sites (host and domain names changed, so every copy is distinct events on
 * distinct hosts), plus the demo Zeek logs once.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const demo = resolve(import.meta.dirname, '../../../examples/demo/logs');
export const rulesFolder = resolve(import.meta.dirname, '../../../rules');

export function writeSyntheticCorpus(sites: number): { folder: string; files: string[]; lines: number } {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-corpus-'));
  const windows = readFileSync(join(demo, 'windows/workstations.jsonl'), 'utf8').trimEnd();
  const files: string[] = [];
  let lines = 0;
  for (let site = 0; site < sites; site++) {
    const path = join(folder, `site-${site}.jsonl`);
    const text = site === 0 ? windows : windows.replaceAll('corp.example', `site${site}.example`);
    writeFileSync(path, `${text}\n`);
    files.push(path);
    lines += text.split('\n').length;
  }
  for (const name of ['conn.log', 'dns.log']) {
    const path = join(folder, name);
    copyFileSync(join(demo, 'zeek', name), path);
    files.push(path);
    lines += readFileSync(path, 'utf8').trimEnd().split('\n').length;
  }
  return { folder, files, lines };
}
