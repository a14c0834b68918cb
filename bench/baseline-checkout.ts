/**
 * The "before" of a before/after benchmark: a checkout of `ref` (a commit of this repository)
 * extracted into `work/baseline` with this checkout's node_modules, and both trees compiled where
 * they have a build step (a baseline older than scripts/build.mjs runs its TypeScript through tsx,
 * as it did). Returns the baseline's folder. Used by every bench that compares two commits, so they
 * measure the same thing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export function prepareBaselineCheckout(repository: string, ref: string, work: string): string {
  const baseline = join(work, 'baseline');
  mkdirSync(baseline, { recursive: true });
  const archive = execFileSync('git', ['-C', repository, 'archive', ref], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', baseline], { input: archive, maxBuffer: 1 << 30 });
  symlinkSync(join(repository, 'node_modules'), join(baseline, 'node_modules'));
  for (const root of [repository, baseline])
    if (existsSync(join(root, 'scripts', 'build.mjs')))
      execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  return baseline;
}

/** The covenant OTRF recording (37,814 events) unzipped into `work`, as the issue-18 targets use it. */
export function covenantEventsFile(data: string, work: string, name = 'covenant.json'): string {
  const dataset =
    'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_iertutil_dll_hijack.zip';
  const file = join(work, name);
  execFileSync('sh', ['-c', 'unzip -p "$0" > "$1"', join(data, dataset), file]);
  return file;
}
