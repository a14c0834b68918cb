import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../../core/index.js';
import { createDetector, loadRules } from '../../../detect/index.js';
import { collectAll } from '../../collect-all.js';

const lines = [
  '203.0.113.5 - - [03/Mar/2025:10:00:01 +0100] "GET /index.php?id=1 HTTP/1.1" 200 5120 "https://shop.example/" "Mozilla/5.0 (Windows NT 10.0)"',
  '198.51.100.9 - alice [03/Mar/2025:10:00:02 +0100] "POST /uploads/a.php?cmd=whoami HTTP/1.1" 200 51 "-" "curl/8.5.0"',
  '192.0.2.1 - - [03/Mar/2025:10:00:03 +0100] "GET /missing HTTP/1.0" 404 -',
  'not an access log line',
];

describe('web access logs', () => {
  it('reads Combined and Common lines into Sigma webserver fields and ECS, rejecting other lines by number', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vigil-access-'));
    writeFileSync(join(directory, 'access.log'), `${lines.join('\n')}\n`);
    const { events, rejected } = await collectAll([join(directory, 'access.log')]);
    expect(rejected).toEqual([
      { file: join(directory, 'access.log'), line: 4, reason: expect.stringContaining('access-log') },
    ]);
    expect(events).toHaveLength(3);
    for (const event of events) expect(eventSchema.safeParse(event).success).toBe(true);
    expect(events[0]).toMatchObject({
      timestamp: '2025-03-03T09:00:01.000Z',
      origin: { format: 'web-access' },
      source: { ip: '203.0.113.5' },
      url: { path: '/index.php?id=1' },
      http: { method: 'GET', statusCode: 200, userAgent: 'Mozilla/5.0 (Windows NT 10.0)' },
    });
    expect(events[1]?.fields).toMatchObject({
      'c-ip': '198.51.100.9',
      'cs-username': 'alice',
      'cs-method': 'POST',
      'cs-uri-stem': '/uploads/a.php',
      'cs-uri-query': 'cmd=whoami',
      'sc-status': 200,
    });
    expect(events[2]?.outcome).toBe('failure');

    writeFileSync(
      join(directory, 'rule.yml'),
      `title: Command in a web request
id: 3f0c8a3e-0000-4000-8000-00000000a11c
logsource: { category: webserver }
detection:
  selection:
    cs-uri-query|contains: 'cmd=whoami'
  condition: selection
tags: [attack.persistence, attack.t1505.003]
`,
    );
    const detector = createDetector(await loadRules([join(directory, 'rule.yml')]));
    expect(events.flatMap((event) => detector.process(event)).map((alert) => alert.eventIds[0])).toEqual([
      events[1]?.id,
    ]);
  });
});
