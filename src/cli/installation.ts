import { fileURLToPath } from 'node:url';

/**
 * The folder Vigil is installed in (the repository root), for the files it ships (package.json,
 * policy/, playbooks/, web/). This module is src/cli/installation.ts under tsx and part of a
 * chunk in dist/cli/ when compiled: both two levels below the root.
 */
export function installationFolder(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}
