/**
 * The layering holds by itself: every production file under src/ is read, its relative imports
 * resolved, and three rules checked (a test below plants a violation of each and expects it found):
 * 1. dependencies point one way: a folder imports only folders of a lower layer (`layers`);
 * 2. another folder is used only through an `index.ts` (its own or a subfolder's);
 * 3. production code never imports test-support code (`test-support/`, `__fixtures__/`, tests).
 */
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../test/source-files.js';

/** Layer of each top-level folder: a folder may import only folders of a strictly lower layer. */
const layers: Record<string, number> = {
  core: 0,
  guard: 1,
  store: 1,
  bus: 1,
  ingest: 2,
  intel: 2,
  detect: 2,
  correlate: 3,
  reason: 4,
  respond: 5,
  knowledge: 6,
  pipeline: 7,
  evaluation: 8,
  api: 9,
  worker: 9,
  cli: 10,
};

const isTestSupport = (path: string) =>
  /(^|\/)(test-support|__fixtures__)\//.test(path) || /\.test\.ts$/.test(path) || path.startsWith('../test/');

interface Violation {
  file: string;
  imports: string;
  rule: 'direction' | 'index' | 'test-support' | 'unknown-folder';
}

/** The violations in `files` (path relative to src/ → text). */
function layeringViolations(files: ReadonlyMap<string, string>): Violation[] {
  const found: Violation[] = [];
  for (const [file, text] of files) {
    if (isTestSupport(file)) continue;
    const folder = file.split('/')[0]!;
    for (const match of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), match[1]!));
      const add = (rule: Violation['rule']) => found.push({ file, imports: match[1]!, rule });
      if (isTestSupport(target)) add('test-support');
      const targetFolder = target.split('/')[0]!;
      if (targetFolder === folder || target.startsWith('..')) continue;
      if (layers[folder] === undefined || layers[targetFolder] === undefined) add('unknown-folder');
      else if (layers[targetFolder]! >= layers[folder]!) add('direction');
      if (!/(^|\/)index\.js$/.test(target)) add('index');
    }
  }
  return found;
}

describe('architecture', () => {
  it('keeps every folder in its layer, behind index.ts, and away from test-support code', () => {
    const files = sourceFiles();
    expect(files.size).toBeGreaterThan(300);
    for (const folder of new Set(
      [...files.keys()].filter((path) => path.includes('/')).map((path) => path.split('/')[0]),
    ))
      expect(layers, `layer of src/${folder}`).toHaveProperty(folder!);
    expect(layeringViolations(files)).toEqual([]);
  });

  it('finds a planted violation of each rule', () => {
    const planted = new Map([
      ['core/planted.ts', "import { Store } from '../store/index.js';"],
      ['reason/planted.ts', "import { decide } from '../respond/policy/decide.js';"],
      ['respond/planted.ts', "import { buildAttackGraph } from '../correlate/graph/build-attack-graph.js';"],
      ['api/planted.ts', "import { sampleIncident } from '../store/test-support/store-contract.js';"],
      ['worker/planted.test.ts', "import { anything } from '../api/response/response-desk.js';"],
      ['store/test-support/planted.ts', "import { x } from '../../cli/main.js';"],
    ]);
    const found = layeringViolations(planted).map((violation) => `${violation.file} ${violation.rule}`);
    expect(found).toEqual([
      'core/planted.ts direction',
      'reason/planted.ts direction',
      'reason/planted.ts index',
      'respond/planted.ts index',
      'api/planted.ts test-support',
      'api/planted.ts index',
    ]);
  });
});
