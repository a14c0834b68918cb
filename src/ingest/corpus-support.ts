import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { openInputs } from './input/open-inputs.js';
import { readEvents } from './read-events.js';

/** Per member: events read and rejections, for corpus tests and the benchmark. */
export interface MemberCounts {
  events: number;
  formats: Set<string>;
}

/** Reads inputs counting events per member (no events kept in memory) and collecting rejections. */
export async function countEvents(
  inputs: string[],
): Promise<{ members: Map<string, MemberCounts>; rejected: string[] }> {
  const members = new Map<string, MemberCounts>();
  const rejected: string[] = [];
  for await (const batch of readEvents(inputs, { batchSize: 5000 })) {
    for (const event of batch.events) {
      const file = event.origin.file ?? '';
      let counts = members.get(file);
      if (!counts) {
        counts = { events: 0, formats: new Set() };
        members.set(file, counts);
      }
      counts.events += 1;
      counts.formats.add(event.origin.format);
    }
    for (const rejection of batch.rejected)
      rejected.push(`${rejection.file}:${rejection.line ?? ''}: ${rejection.reason}`);
  }
  return { members, rejected };
}

function countLines(bytes: Buffer, skipComments: boolean): number {
  let count = 0;
  for (const line of bytes.toString('utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || (skipComments && trimmed.startsWith('#'))) continue;
    count += 1;
  }
  return count;
}

/**
 * The oracle for corpus tests: non-empty lines of each member (Zeek TSV: without `#` headers),
 * counted by plain splitting, independently of Vigil's framing and parsers. Members that are not
 * logs (packet captures) are left out.
 */
export async function expectedLineCounts(inputs: string[]): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  for await (const item of openInputs(inputs)) {
    if (item.type !== 'member') continue;
    const name = item.member.name;
    const parts: Buffer[] = [];
    for await (const chunk of item.member.chunks) parts.push(chunk);
    if (/\.(cap|pcap|pcapng)$/i.test(name)) continue;
    const bytes = Buffer.concat(parts);
    const zeekTsv = bytes.subarray(0, 10).toString() === '#separator';
    expected.set(name, countLines(bytes, zeekTsv));
  }
  return expected;
}

/** Elements of a JSON array file (the Suricata samples), for an exact count. */
export async function jsonArrayLength(path: string): Promise<number> {
  const bytes = await readFile(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return (JSON.parse(text) as unknown[]).length;
}
