#!/usr/bin/env node
/**
 * Compiles the CLI (src/cli/entry.ts and everything it imports) to dist/cli/ with esbuild: one
 * ES module per command plus shared chunks (code splitting), so a command loads only its own
 * code. Run by `prepare` at `npm install`/`npm ci` and by `npm run build`. New source files are
 * picked up through their imports; nothing lists them. npm packages stay external (loaded from
 * node_modules) except those in `bundled` below, whose many small modules cost more to load than
 * to parse once.
 * The output sits at the same depth as src/cli/ (dist/cli/), so `new URL('../../', import.meta.url)`
 * names the installation folder in both (src/cli/installation.ts).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist');
// Bundled: packages of many small modules, or loaded by every command, whose resolving and
// loading file by file cost more at start-up than parsing them once in a chunk (kysely: 260
// modules, zod 95, yaml 72, commander 7). fastify-type-provider-zod goes with zod, so the API
// sees one zod. tldts (loaded by every command that classifies observables) ships CommonJS as its
// main: imported from node_modules, Node's CommonJS export scanner reads its 220 KB on every run
// (about a fifth of `vigil ingest`'s start-up); bundled, esbuild takes its ES module build. The rest (native modules, large optional stacks) load from node_modules.
const bundled = new Set([
  'kysely',
  'zod',
  'fastify-type-provider-zod',
  'yaml',
  'js-yaml',
  're2js',
  'commander',
  'tldts',
  'tldts-core',
]);
/** Bundled CommonJS (commander) calls require() for Node's own modules: give each chunk one. */
const requireShim =
  "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);";

/** esbuild plugin: bare package imports stay external, except the packages in `bundled`. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return bundled.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * The code fingerprints (rule engine, evidence model), written into the compiled code. They are
 * computed by src/detect/rule-engine-fingerprint.ts itself, the one definition: that file (which
 * imports only Node built-ins) is compiled in memory with esbuild and run here.
 */
async function codeFingerprints(esbuild) {
  const file = join(root, 'src', 'detect', 'rule-engine-fingerprint.ts');
  const { code } = await esbuild.transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return {
    ruleEngine: module.fingerprintRuleEngine(root),
    evidenceModel: module.fingerprintEvidenceModel(root),
    retrievalIndex: module.fingerprintRetrievalIndex(root),
    attackBundle: module.fingerprintAttackBundle(root),
  };
}

/**
 * esbuild, or undefined in a production install (`--omit=dev`). There `prepare` keeps a dist/cli
 * built before (the documented production path builds first, then prunes; see README), and
 * fails with that path spelled out when there is none.
 */
async function loadEsbuild({ required }) {
  try {
    return await import('esbuild');
  } catch {
    if (!required && existsSync(join(output, 'cli', 'entry.js'))) {
      console.log('vigil build: esbuild is not installed (production install); keeping the compiled dist/cli');
      return undefined;
    }
    console.error(
      'vigil build: esbuild is not installed (a development dependency). Install everything (`npm ci`), or for a\n' +
        'production install build first and drop the development dependencies after:\n' +
        '  npm ci && npm run build:web && npm prune --omit=dev',
    );
    process.exit(1);
  }
}

async function build(esbuild) {
  // dist/console (the web console, `npm run build:web`) is left in place.
  rmSync(join(output, 'cli'), { recursive: true, force: true });
  const started = performance.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/entry.ts'],
    outdir: 'dist/cli',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    plugins: [externalPackages],
    define: await codeFingerprints(esbuild).then((fingerprints) => ({
      __VIGIL_RULE_ENGINE__: JSON.stringify(fingerprints.ruleEngine),
      __VIGIL_EVIDENCE_MODEL__: JSON.stringify(fingerprints.evidenceModel),
      __VIGIL_RETRIEVAL_INDEX__: JSON.stringify(fingerprints.retrievalIndex),
      __VIGIL_ATTACK_BUNDLE__: JSON.stringify(fingerprints.attackBundle),
    })),
    logLevel: 'warning',
    banner: { js: requireShim },
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/')).length;
  writeFileSync(join(output, 'build.json'), `${JSON.stringify({ sources, builtAt: new Date().toISOString() })}\n`);
  console.log(
    `vigil build: ${sources} source files compiled to dist/cli/ in ${Math.round(performance.now() - started)} ms`,
  );
}

if (process.argv.includes('--print-rule-engine'))
  console.log((await codeFingerprints(await loadEsbuild({ required: true }))).ruleEngine);
else if (process.argv.includes('--print-evidence-model'))
  console.log((await codeFingerprints(await loadEsbuild({ required: true }))).evidenceModel);
else if (fileURLToPath(import.meta.url) === process.argv[1]) {
  const esbuild = await loadEsbuild({ required: false });
  if (esbuild) await build(esbuild);
}
