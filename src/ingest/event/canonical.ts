/**
 * Canonical text forms of the values Windows renders in several ways depending on the export
 * tool, so that a rule written against what Windows shows (`GrantedAccess: 0x1f3fff`) matches
 * whatever exporter wrote the record (`evtxexport` writes `0x001f3fff`):
 *
 * - hex numbers: `0x` + lower-case digits without leading zeros (`0x0000000000529AE3` → `0x529ae3`);
 * - SIDs: upper-case `S-`, without the `%{…}` wrapper some renderings add;
 * - GUIDs: upper-case, in braces, as Windows' XML rendering writes them;
 * - booleans: `true` / `false`;
 * - Windows paths: doubled backslashes from double JSON escaping collapsed (UNC prefix kept),
 *   surrounding quotes removed, the `\??\` and `\\?\` namespace prefixes dropped (ECS fields only).
 *
 * Each function returns its input unchanged when the value is not of its kind; each is idempotent.
 */

const hexPattern = /^0[xX]([0-9a-fA-F]+)$/;
const sidPattern = /^(?:%\{)?[sS]-1(-\d+)+\}?$/;
const guidPattern = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/**
 * True when `value` is `0x` and lower-case hex digits without a leading zero (or `0x0`): already
 * what `canonicalHex` makes of it. Checked by a character loop, so the common case allocates
 * nothing (the pattern's match, the replaced and lower-cased digits, the new text).
 */
function isCanonicalHex(value: string): boolean {
  if (value.length < 3 || value.charCodeAt(0) !== 48 || value.charCodeAt(1) !== 120 /* x */) return false;
  if (value.charCodeAt(2) === 48 /* 0 */ && value.length !== 3) return false;
  for (let index = 2; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** `0x001F3FFF` → `0x1f3fff`; `0x0000` → `0x0`. */
export function canonicalHex(value: string): string {
  if (isCanonicalHex(value)) return value;
  const match = hexPattern.exec(value);
  if (!match) return value;
  const digits = (match[1] as string).replace(/^0+/, '').toLowerCase();
  return `0x${digits === '' ? '0' : digits}`;
}

/** `s-1-5-18` or `%{S-1-5-18}` → `S-1-5-18`. */
export function canonicalSid(value: string): string {
  if (!sidPattern.test(value)) return value;
  // Already canonical (`S-…`): the same text, without building it again.
  if (value.charCodeAt(0) === 83 /* S */) return value;
  const bare = value.startsWith('%{') ? value.slice(2, -1) : value;
  return `S${bare.slice(1)}`;
}

/** True when `value` is a braced GUID in upper case: already what `canonicalGuid` makes of it. */
function isCanonicalGuid(value: string): boolean {
  if (value.length !== 38 || value.charCodeAt(0) !== 0x7b || value.charCodeAt(37) !== 0x7d) return false;
  for (let index = 1; index < 37; index++) {
    const code = value.charCodeAt(index);
    if (index === 9 || index === 14 || index === 19 || index === 24) {
      if (code !== 0x2d) return false;
    } else if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70))) return false;
  }
  return true;
}

/** `5aa13a44-0bda-68fd-7836-000000004002` → `{5AA13A44-0BDA-68FD-7836-000000004002}`. */
export function canonicalGuid(value: string): string {
  if (isCanonicalGuid(value)) return value;
  const match = guidPattern.exec(value);
  if (!match) return value;
  // `{x` without `}` (or the reverse) is not a GUID rendering: leave it alone.
  if (value.startsWith('{') !== value.endsWith('}')) return value;
  return `{${(match[1] as string).toUpperCase()}}`;
}

/** `True`, `FALSE`, JSON booleans → `true` / `false`; anything else as is. */
export function canonicalBoolean(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string' || value.length < 4 || value.length > 5) return value;
  const lower = value.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : value;
}

/**
 * A Windows path as Windows renders it: `C:\\Windows\\x.exe` (escaped twice) → `C:\Windows\x.exe`;
 * with `ecs`, also without quotes and the `\??\` / `\\?\` prefixes. Non-Windows paths unchanged.
 */
export function canonicalWindowsPath(value: string, ecs = false): string {
  let path = value;
  if (ecs) {
    path = path.trim();
    if (path.length >= 2 && path.startsWith('"') && path.endsWith('"')) path = path.slice(1, -1);
    if (path.startsWith('\\??\\') || path.startsWith('\\\\?\\')) path = path.slice(4);
  }
  if (!/^[a-zA-Z]:\\\\/.test(path) && !/^\\\\\\\\/.test(path)) return path;
  const unc = path.startsWith('\\\\');
  const collapsed = path.replace(/\\{2,}/g, '\\');
  return unc ? `\\${collapsed}` : collapsed;
}

/**
 * A value in its canonical text form by its shape: hex, SID or GUID. Strings of other shapes,
 * numbers and objects are returned as is. Cheap on the common case (first character tests).
 */
export function canonicalValue(value: unknown): unknown {
  if (typeof value !== 'string' || value.length < 3) return value;
  const first = value.charCodeAt(0);
  if (first === 48 /* 0 */ && (value[1] === 'x' || value[1] === 'X')) return canonicalHex(value);
  if (first === 83 /* S */ || first === 115 /* s */ || first === 37 /* % */) {
    return value[1] === '-' || value[1] === '{' ? canonicalSid(value) : value;
  }
  if (value.length === 36 || value.length === 38) return canonicalGuid(value);
  return value;
}
