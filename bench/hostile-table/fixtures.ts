/** The hostile inputs of issue 17, rebuilt from its descriptions, and the good records around them. */
import { gzipSync } from 'node:zlib';

export const sshd = (user: string, index: number) =>
  `<38>Mar  2 10:00:${String(index % 60).padStart(2, '0')} web1 sshd[2211]: Failed password for ${user} from 203.0.113.${index % 250} port 22 ssh2`;

export const goodJson = (index: number) =>
  JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: `ws-${index}`, TargetUserName: `user${index}` });

/** ≥ 5,000 levels in one ~30 KB line, as the issue describes. */
export const deepJson = (levels = 15_000) =>
  `{"EventID":4625,"Channel":"Security","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

export const nulRecord = '\u0000'.repeat(8192);

export const stixBundle = (objects: unknown[]) =>
  JSON.stringify({ type: 'bundle', id: 'bundle--6f8b6f9a-3c3b-4e1f-9a55-1c1b0e1c9f01', objects });

export const indicator = (index: number, pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--0b9a3f46-6f1d-4a8e-8d4e-6a2f8a3b${String(index).padStart(4, '0')}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00.000Z',
});

export const redosIntel = stixBundle([indicator(1, "[user-account:user_id MATCHES '^(a+)+$']")]);

/** A 41-character user name that almost matches `^(a+)+$`, then two ordinary ones. */
export const redosLogLines = [sshd(`${'a'.repeat(41)}!`, 1), sshd('aaaa', 2), sshd('bob', 3)];

export const sigmaRule = (id: string, pattern: string) =>
  `title: hostile ${id}\nid: ${id}\nlogsource: { product: linux, service: sshd }\ndetection:\n  selection:\n    user.name|re: '${pattern}'\n  condition: selection\nlevel: low\n`;

export const billionLaughs = (() => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 0; level < 8; level++) {
    const name = String.fromCharCode(98 + level);
    const previous = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\ntitle: laughs\ndetection: { selection: { x: '*i' }, condition: selection }\n`;
})();

/** A MISP event whose second tag is malformed (a number where a name belongs), with two good attributes. */
export const mispEventWithBadTag = JSON.stringify({
  Event: {
    uuid: '5f0c0a3e-1111-4c5d-9e8f-0a1b2c3d4e5f',
    info: 'hostile tag',
    date: '2024-03-01',
    timestamp: '1709287200',
    Tag: [{ name: 'tlp:green' }, { name: 12345 }, { name: 'misp-galaxy:threat-actor="APT28"' }],
    Attribute: [
      { uuid: '5f0c0a3e-2222-4c5d-9e8f-0a1b2c3d4e5f', type: 'ip-dst', value: '198.51.100.7', to_ids: true },
      { uuid: '5f0c0a3e-3333-4c5d-9e8f-0a1b2c3d4e5f', type: 'domain', value: 'evil.example', to_ids: true },
    ],
  },
});

export const invalidValuesIntel = stixBundle([
  indicator(2, "[ipv4-addr:value = 'not-an-ip']"),
  indicator(3, "[file:hashes.MD5 = 'zzzz']"),
  indicator(4, "[ipv4-addr:value = '198.51.100.9']"),
]);

export const deepPatternIntel = stixBundle([
  indicator(5, `${'('.repeat(10_000)}[ipv4-addr:value = '198.51.100.10']${')'.repeat(10_000)}`),
  indicator(6, "[ipv4-addr:value = '198.51.100.11']"),
]);

export const deepObjectIntel = (() => {
  const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const good = JSON.stringify(indicator(7, "[ipv4-addr:value = '198.51.100.12']"));
  const bad = JSON.stringify({ ...indicator(8, "[ipv4-addr:value = '198.51.100.13']"), x_deep: 0 }).replace(
    '"x_deep":0',
    `"x_deep":${nested}`,
  );
  return `{"type":"bundle","id":"bundle--6f8b6f9a-3c3b-4e1f-9a55-1c1b0e1c9f02","objects":[${bad},${good}]}`;
})();

export const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a7e20000000049454e44ae426082',
  'hex',
);

/** Escape sequences (OSC 52 clipboard write, clear screen) in a user name. */
export const escapeUser = '\u001b]52;c;ZXZpbA==\u0007\u001b[2Jroot';

/** Ports out of range in Suricata EVE records between good ones. */
export const badPortsEve = [1, 2, 3]
  .map((line) =>
    JSON.stringify({
      timestamp: `2026-03-01T10:00:0${line}.000000+0000`,
      event_type: 'flow',
      src_ip: '10.0.0.9',
      src_port: line === 2 ? -(2 ** 53) : 51000,
      dest_ip: '203.0.113.5',
      dest_port: line === 2 ? 1e20 : 443,
      proto: 'TCP',
    }),
  )
  .join('\n');

/** A gzip of `megabytes` MiB of syslog (the decompressed-volume quota's test). */
export const syslogBomb = (megabytes: number) => {
  const line = `${sshd('mallory', 7)}\n`;
  return gzipSync(Buffer.from(line.repeat(Math.ceil((megabytes << 20) / line.length))), { level: 9 });
};
