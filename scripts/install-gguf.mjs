#!/usr/bin/env node
/**
 * `npm run addon:gguf`: installs the in-process GGUF provider's engine, node-llama-cpp, as an
 * add-on in addons/gguf/ with the CPU build for this platform only (no CUDA, Vulkan or other
 * platforms' binaries), then links it as node_modules/node-llama-cpp so the provider's
 * `import('node-llama-cpp')` finds it. `npm ci`/`npm install` remove that link (the add-on is not
 * in the lock file): run this again afterwards. `--remove` uninstalls it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version known to install from the registry reachable here (3.22's lock lists unserved packages). */
const version = '3.21.1';
const root = fileURLToPath(new URL('..', import.meta.url));
const addon = join(root, 'addons', 'gguf');
const link = join(root, 'node_modules', 'node-llama-cpp');

/** node-llama-cpp's prebuilt CPU package for a platform and architecture. */
export function cpuPackage(platform = process.platform, arch = process.arch) {
  const names = {
    'linux-x64': 'linux-x64',
    'linux-arm64': 'linux-arm64',
    'linux-arm': 'linux-armv7l',
    'darwin-arm64': 'mac-arm64-metal',
    'darwin-x64': 'mac-x64',
    'win32-x64': 'win-x64',
    'win32-arm64': 'win-arm64',
  };
  const name = names[`${platform}-${arch}`];
  if (!name) throw new Error(`node-llama-cpp has no prebuilt binary for ${platform}-${arch}`);
  return `@node-llama-cpp/${name}`;
}

function removeLink() {
  if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

if (process.argv.includes('--remove')) {
  removeLink();
  rmSync(addon, { recursive: true, force: true });
  console.log('vigil: the GGUF add-on is removed');
} else {
  const platformPackage = cpuPackage();
  mkdirSync(addon, { recursive: true });
  const manifest = {
    name: 'vigil-addon-gguf',
    private: true,
    description: 'In-process GGUF models for Vigil (npm run addon:gguf)',
    dependencies: { 'node-llama-cpp': version, [platformPackage]: version },
    allowScripts: { 'node-llama-cpp': true },
  };
  writeFileSync(join(addon, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // --omit=optional: node-llama-cpp lists every platform's and GPU's build as optional; the one
  // wanted is a direct dependency above.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--omit=optional', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: addon,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('vigil: installing node-llama-cpp failed');
    process.exit(result.status ?? 1);
  }
  removeLink();
  symlinkSync(relative(join(root, 'node_modules'), join(addon, 'node_modules', 'node-llama-cpp')), link, 'dir');
  console.log(`vigil: node-llama-cpp ${version} (${platformPackage}, CPU only) installed in ${relative(root, addon)}`);
}
