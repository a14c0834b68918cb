/**
 * Splunk's classic (non-XML) WinEventLog `_raw`: a time line, then `Key=Value` lines, then
 * `Message=` and the rendered message to the end. Returns the fields, with `Message` whole.
 */
export function parseSplunkWindowsText(raw: string): Record<string, unknown> | undefined {
  const lines = raw.split(/\r?\n/);
  const fields: Record<string, unknown> = {};
  let index = 0;
  if (lines[0] && !lines[0].includes('=')) {
    fields.TimeCreated = lines[0].trim();
    index = 1;
  }
  for (; index < lines.length; index += 1) {
    const line = lines[index] as string;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    if (key === 'Message') {
      fields.Message = [line.slice(equals + 1), ...lines.slice(index + 1)].join('\n');
      break;
    }
    fields[key] = line.slice(equals + 1).trim();
  }
  return 'EventCode' in fields ? fields : undefined;
}
