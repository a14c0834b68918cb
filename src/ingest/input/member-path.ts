/**
 * Which archive members Vigil reads, one definition for zip and tar: a member whose name would
 * land outside the archive's folder (`../x`, `/etc/x`, `C:x`, a backslash) or that is not a regular
 * file (a symbolic or hard link, a device, a FIFO) is refused with its name and the reason; the
 * members around it are read as usual.
 */

/** Why a member name is refused, or undefined when it stays inside the archive. */
export function memberPathProblem(name: string): string | undefined {
  if (name.includes('\\')) return `invalid characters in the name (a backslash): ${name}`;
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) return `absolute path: ${name}`;
  if (name.split('/').includes('..')) return `invalid relative path: ${name}`;
  return undefined;
}

/** The reason given for a member refused by its name. */
export function refusedName(problem: string): string {
  return `member refused: ${problem} (a path outside the archive)`;
}

/** The reason given for a member that is a link, device or FIFO instead of a regular file. */
export function refusedKind(kind: string, target?: string): string {
  return `member refused: ${kind}${target !== undefined ? ` to ${JSON.stringify(target)}` : ''}, not a regular file (only regular files are read)`;
}
