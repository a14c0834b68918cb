import { fc, it as property } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { eventSchema } from '../../core/index.js';
import { buildEvent } from '../event/build-event.js';
import { Fingerprinter } from '../event/fingerprint.js';
import type { ParserContext } from '../types.js';
import { builtinFormats, createFormatRegistry } from './registry.js';
import { DrainTemplateMiner } from './text/drain.js';

const registry = createFormatRegistry();

function context(): ParserContext {
  const value: ParserContext = {
    fileName: 'conn.log',
    referenceTime: new Date('2024-03-02T00:00:00Z'),
    mapping: undefined,
    templateMiner: new DrainTemplateMiner(),
    parseEmbedded: (name, text) => registry.get(name)?.createParser(value).parse({ text, line: 0 }),
  };
  return value;
}

/** Inputs that look like each format closely enough to reach deep into its parser. */
const record = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      EventID: fc.oneof(fc.integer(), fc.string()),
      Channel: fc.string(),
      Hostname: fc.string(),
      Image: fc.string(),
      CommandLine: fc.string(),
      Hashes: fc.string(),
      User: fc.string(),
      QueryResults: fc.string(),
    })
    .map((object) => JSON.stringify(object)),
  fc
    .record({
      timestamp: fc.string(),
      event_type: fc.constantFrom('alert', 'dns', 'http', 'tls', 'flow', 'fileinfo'),
      dns: fc.object(),
      alert: fc.object(),
      http: fc.object(),
    })
    .map((object) => JSON.stringify(object)),
  fc
    .record({
      result: fc.record({
        _raw: fc.string(),
        sourcetype: fc.constantFrom(
          'linux_secure',
          'suricata',
          'XmlWinEventLog',
          'bro:conn:json',
          'WinEventLog:Security',
        ),
        _time: fc.string(),
      }),
    })
    .map((object) => JSON.stringify(object)),
  fc
    .tuple(
      fc.constantFrom('<13>', '<34>1 ', '', '<999>'),
      fc.constantFrom('Mar  2 10:00:00 ', '2024-03-02T10:00:00Z ', '- '),
      fc.string({ maxLength: 80 }),
    )
    .map((parts) => parts.join('')),
  fc
    .tuple(
      fc.constantFrom('sshd[1]: ', 'sudo: ', 'kernel: ', 'su: ', 'CRON[2]: '),
      fc.constantFrom(
        'Accepted password for ',
        'Failed password for invalid user ',
        ' a : TTY=x ; PWD=/ ; USER=root ; COMMAND=',
        '[UFW BLOCK] IN=eth0 SRC=',
        '(root) CMD (',
      ),
      fc.string({ maxLength: 60 }),
    )
    .map((parts) => `Mar  2 10:00:00 host ${parts.join('')}`),
  fc
    .tuple(
      fc.constantFrom('', 'node=web01 ', 'node= '),
      fc.constantFrom('SYSCALL', 'EXECVE', 'USER_CMD', 'USER_AUTH', 'PATH', 'PROCTITLE', 'x'),
      fc.oneof(fc.nat(), fc.constant('99999999999999999999')),
      fc.nat(),
      fc.array(
        fc.tuple(
          fc.constantFrom(
            'a0',
            'a1',
            'a1[0]',
            'argc',
            'exe',
            'comm',
            'pid',
            'ppid',
            'cmd',
            'addr',
            'acct',
            'msg',
            'res',
          ),
          fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), maxLength: 20 }),
            fc.string({ maxLength: 20 }).map((text) => `"${text}"`),
            fc.string({ maxLength: 30 }).map((text) => `'${text}'`),
          ),
        ),
        { maxLength: 8 },
      ),
    )
    .map(
      ([node, type, seconds, serial, pairs]) =>
        `${node}type=${type} msg=audit(${seconds}.123:${serial}): ${pairs.map(([key, value]) => `${key}=${value}`).join(' ')}`,
    ),
  fc
    .array(fc.oneof(fc.string({ maxLength: 20 }), fc.constant('-'), fc.constant('(empty)')), { maxLength: 14 })
    .map((cells) => cells.join('\t')),
  fc
    .string({ maxLength: 200 })
    .map(
      (text) =>
        `<Event><System><EventID>${text}</EventID></System><EventData><Data Name='${text}'>${text}</Data></EventData></Event>`,
    ),
);

describe('every format parser', () => {
  for (const format of builtinFormats) {
    property.prop([fc.array(record, { maxLength: 20 })], { numRuns: 150 })(
      `${format.name}: never throws, and its events are valid`,
      (records) => {
        const parser = format.createParser(context());
        const state = {
          logFormat: format.logFormat,
          fileName: 'f',
          fingerprinter: new Fingerprinter(format.name),
          fallbackTimestamp: '2024-03-02T00:00:00.000Z',
        };
        const zeekHeader =
          format.name === 'zeek-tsv'
            ? ['#separator \\x09', '#fields\ta\tb\tc', '#types\tstring\tcount\tset[string]']
            : [];
        [...zeekHeader, ...records].forEach((text, index) => {
          const outcome = parser.parse({ text, line: index + 1 });
          expect(['event', 'skip', 'reject']).toContain(outcome.type);
          if (outcome.type === 'event') {
            const event = buildEvent(outcome.draft, { text, line: index + 1 }, state);
            const checked = eventSchema.safeParse(event);
            if (!checked.success)
              throw new Error(`${format.name}: ${checked.error.message} for ${JSON.stringify(text)}`);
          }
        });
      },
    );
  }
});
