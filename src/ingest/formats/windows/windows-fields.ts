/**
 * Completes a Windows event's Sigma-named fields whatever the exporter wrote: values in canonical
 * form (hex, SIDs, GUIDs, booleans, paths: see `canonical.ts`) and the `Data` field Sigma rules
 * use for the unnamed `<Data>` elements of providers such as classic PowerShell, MSSQL or
 * MsiInstaller.
 */
import { canonicalBoolean, canonicalValue, canonicalWindowsPath } from '../../event/canonical.js';

/** EventData fields Windows renders as `true` / `false`. */
const booleanFields = new Set(['Initiated', 'SourceIsIpv6', 'DestinationIsIpv6', 'IsExecutable', 'Archived', 'Signed']);

/** Fields that hold a Windows path. */
const pathFields = new Set([
  'Image',
  'ParentImage',
  'SourceImage',
  'TargetImage',
  'ImageLoaded',
  'TargetFilename',
  'NewProcessName',
  'ParentProcessName',
  'ProcessName',
  'Application',
  'ServiceFileName',
  'ImagePath',
  'CurrentDirectory',
]);

/** Channels whose providers write their event data as unnamed `<Data>` elements, rendered in `Message`. */
const unnamedDataChannels = new Set(['windows powershell', 'application']);

/** Mutates `fields` in place: canonical values, then the `Data` field when it can be filled. */
export function canonicaliseWindowsFields(fields: Record<string, unknown>, channel: string | undefined): void {
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string') {
      let canonical = canonicalValue(value) as string;
      if (pathFields.has(key)) canonical = canonicalWindowsPath(canonical);
      else if (booleanFields.has(key)) canonical = canonicalBoolean(canonical) as string;
      if (canonical !== value) fields[key] = canonical;
    } else if (typeof value === 'boolean' && booleanFields.has(key)) {
      fields[key] = canonicalBoolean(value);
    }
  }
  fillDataField(fields, channel);
}

/**
 * Sigma's `Data` is the list of unnamed `<Data>` values: from `Data1…N` (XML), Winlogbeat's
 * `param1…N`, or, where an exporter dropped them (NXLog) on a channel whose providers write only
 * unnamed data, from the rendered `Message` that shows the same values.
 */
function fillDataField(fields: Record<string, unknown>, channel: string | undefined): void {
  if (fields.Data !== undefined) return;
  // The first names tested as constants: a name built per record is looked up in the string table.
  const values =
    fields.Data1 !== undefined
      ? numbered(fields, 'Data')
      : fields.param1 !== undefined
        ? numbered(fields, 'param')
        : undefined;
  if (values !== undefined) {
    fields.Data = values.length === 1 ? values[0] : values;
    return;
  }
  const message = fields.Message;
  if (typeof message === 'string' && channel !== undefined && unnamedDataChannels.has(channel.toLowerCase()))
    fields.Data = message;
}

function numbered(fields: Record<string, unknown>, prefix: string): unknown[] | undefined {
  if (fields[`${prefix}1`] === undefined) return undefined;
  const values: unknown[] = [];
  for (let index = 1; fields[`${prefix}${index}`] !== undefined; index++) values.push(fields[`${prefix}${index}`]);
  return values;
}
