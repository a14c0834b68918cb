/**
 * The lower-case file name of a program path, Windows (`\`) or POSIX (`/`) separated:
 * `C:\Windows\System32\MSHTA.EXE` → `mshta.exe`. No path (undefined or empty) gives undefined.
 * The analytics compare programs by this name when a record has no process name of its own.
 */
export function programName(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return (index === -1 ? path : path.slice(index + 1)).toLowerCase();
}
