/**
 * One fast-check property per parser of external input, shared by `test/parser-fuzz.test.ts`
 * (a few hundred runs each, in CI) and `bench/fuzz.bench.ts` (`npm run bench fuzz`: thousands
 * each, with the count of inputs tried, failures and time per parser). Each property says what
 * the issue asks of a parser: it never throws anything but Vigil's typed error (no stack overflow,
 * TypeError or hang), a rejection names its position, and the good records around a bad one are kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { VigilError } from '../src/core/index.js';
import { compileRuleText } from '../src/detect/load-rules.js';
import { parseBoundedJson } from '../src/guard/index.js';
import { splitCsvRecord } from '../src/ingest/formats/csv/csv-record.js';
import { parseWindowsXml } from '../src/ingest/formats/windows/windows-xml.js';
import {
  builtinFormats,
  createFormatRegistry,
  DrainTemplateMiner,
  loadFieldMapping,
  readEvents,
  SyslogStreamFramer,
} from '../src/ingest/index.js';
import { HecEventBodyReader } from '../src/ingest/live/hec/hec-body.js';
import { importMispDocument, importStixDocument, parseIocList, parsePattern } from '../src/intel/index.js';
import { compileExpression, fromCacao, parsePlaybook } from '../src/respond/index.js';

export interface ParserProperty {
  /** The parser and what it reads. */
  parser: string;
  /** Runs the property `numRuns` times; resolves with fast-check's report (never throws). */
  check(numRuns: number, seed?: number): Promise<fc.RunDetails<unknown>>;
}

/** Vigil's typed error: anything else escaping a parser is a bug. */
const typed = (error: unknown) => VigilError.isInstance(error);
const rethrowUntyped = (error: unknown) => {
  if (!typed(error)) throw error;
};

const nesting = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom('[', '{"a":'), fc.string({ maxLength: 20 }))
  .map(([depth, opener, filler]) => `${opener.repeat(depth)}${filler}${(opener === '[' ? ']' : '}').repeat(depth)}`);
/** Text an attacker writes into one field or line: nesting, NUL runs, escapes, numbers out of range, JSON. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  nesting,
  fc.constantFrom(
    '\u0000'.repeat(300),
    '\u001b]52;c;ZXZpbA==\u0007\u001b[2J',
    `\${{ steps }}`,
    `\${{ ) }}`,
    '1e400',
    '-9007199254740993',
    '\ud800',
    '(a+)+$',
    "<Data Name='",
    '"',
    '\\',
  ),
);
const fromPieces = (pieces: string[], maxLength = 30) =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(''));

const sshd = (marker: string) =>
  `<38>Mar  2 10:00:01 web1 sshd[2211]: Failed password for ${marker} from 203.0.113.9 port 22 ssh2`;

const registry = createFormatRegistry();
function parserContext() {
  const context = {
    fileName: 'fuzz.log',
    referenceTime: new Date('2024-03-02T00:00:00Z'),
    mapping: undefined,
    templateMiner: new DrainTemplateMiner(),
    parseEmbedded: (name: string, text: string) => registry.get(name)?.createParser(context).parse({ text, line: 0 }),
  };
  return context;
}

const indicator = (index: number, pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--0b9a3f46-6f1d-4a8e-8d4e-${String(index).padStart(12, '0')}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  pattern,
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00.000Z',
});
const stixObject = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
  fc.record({
    type: fc.constantFrom('indicator', 'malware', 'relationship', 'x-custom'),
    id: fc.string(),
    pattern: hostileText,
  }),
  fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), hostileText)
    .map(([index, value]) => indicator(index, `[ipv4-addr:value = '${value.replace(/'/g, '')}']`)),
  fc.tuple(fc.integer({ min: 1000, max: 9999 }), hostileText).map(([index, pattern]) => indicator(index, pattern)),
);

/** Splits text into 1–4 chunks at random places (parsers read streams). */
const chunked = (text: string, cuts: number[]) => {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(text.slice(previous, point));
    previous = point;
  }
  chunks.push(text.slice(previous));
  return chunks;
};
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 });

const property = <T>(
  parser: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void> | void,
): ParserProperty => ({
  parser,
  check: (numRuns, seed) =>
    fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        await predicate(value);
      }),
      { numRuns, ...(seed === undefined ? {} : { seed }) },
    ) as Promise<fc.RunDetails<unknown>>,
});

function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export function parserProperties(): ParserProperty[] {
  const formatProperties = builtinFormats.map((format) =>
    property(
      `log format ${format.name} (one parser, 1–8 records)`,
      fc.array(hostileText, { minLength: 1, maxLength: 8 }),
      (records) => {
        const parser = format.createParser(parserContext());
        records.forEach((text, index) => {
          try {
            const outcome = parser.parse({ text, line: index + 1 });
            expectThat(['event', 'skip', 'reject'].includes(outcome.type), `unknown outcome ${outcome.type}`);
          } catch (error) {
            rethrowUntyped(error);
          }
        });
      },
    ),
  );
  return [
    property(
      'log files (readEvents: sniffing, framing, decoding, parsing), good lines around hostile ones',
      fc.array(fc.oneof(hostileText, fc.constant('')), { minLength: 1, maxLength: 4 }),
      async (hostile) => {
        const lines = [
          sshd('good-0'),
          ...hostile.flatMap((text, index) => [text.replace(/[\r\n]/g, ' '), sshd(`good-${index + 1}`)]),
        ];
        const raws: string[] = [];
        const rejected: { line?: number }[] = [];
        for await (const batch of readEvents(
          ['-'],
          {},
          {
            stdin: (async function* () {
              yield Buffer.from(`${lines.join('\n')}\n`);
            })(),
          },
        )) {
          raws.push(...batch.events.map((event) => event.raw));
          rejected.push(...batch.rejected);
        }
        for (let index = 0; index <= hostile.length; index++)
          expectThat(
            raws.some((raw) => raw.includes(`for good-${index} from`)),
            `good line ${index} lost`,
          );
        expectThat(
          rejected.every((rejection) => typeof rejection.line === 'number'),
          'a rejection without its line',
        );
      },
    ),
    ...formatProperties,
    property(
      'Windows event XML (parseWindowsXml)',
      fromPieces([
        '<Event>',
        '<System>',
        '<EventID>',
        '</EventID>',
        '<Data',
        " Name='",
        '"',
        "'",
        '>',
        '</Data>',
        '<UserData>',
        '<a>',
        '</a>',
        '&amp;',
        '&#x110000;',
        '&#99999999999;',
        'x',
        ' ',
        '\n',
        '<',
      ]),
      (xml) => {
        expectThat(parseWindowsXml(xml).shape === 'xml', 'not read as XML');
      },
    ),
    property(
      'syslog TCP framing (SyslogStreamFramer: octet counts, newlines, NUL)',
      fc.array(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          hostileText.map((text) => Buffer.from(text)),
        ),
        { maxLength: 8 },
      ),
      (chunks) => {
        const framer = new SyslogStreamFramer(256);
        for (const chunk of chunks) framer.push(Buffer.from(chunk));
        framer.end();
      },
    ),
    property(
      'HEC event bodies (HecEventBodyReader), good envelopes around hostile ones',
      fc.tuple(fc.array(hostileText, { minLength: 1, maxLength: 4 }), cuts),
      ([hostile, where]) => {
        const envelope = (marker: string) => JSON.stringify({ event: sshd(marker) });
        const body = [
          envelope('good-0'),
          ...hostile.flatMap((text, index) => [text, envelope(`good-${index + 1}`)]),
        ].join('\n');
        const reader = new HecEventBodyReader(64 * 1024);
        const items = [...chunked(body, where).flatMap((chunk) => reader.push(Buffer.from(chunk))), ...reader.end()];
        expectThat(
          items.every((item) => typeof item.index === 'number'),
          'an item without its event index',
        );
        // a hostile value can swallow a neighbour only by being unfinished JSON (an open string or bracket)
        const closed = hostile.every((text) => parsesAlone(text));
        if (closed)
          for (let index = 0; index <= hostile.length; index++)
            expectThat(JSON.stringify(items).includes(`for good-${index} from`), `good envelope ${index} lost`);
      },
    ),
    property(
      'JSON with depth and size limits (parseBoundedJson)',
      fc.oneof(nesting, fc.json(), fc.string({ maxLength: 200 })),
      (text) => {
        try {
          parseBoundedJson(text);
        } catch (error) {
          rethrowUntyped(error);
        }
      },
    ),
    property(
      'STIX patterns (parsePattern)',
      fc.oneof(
        fromPieces(
          [
            '[',
            ']',
            '(',
            ')',
            "'",
            ' AND ',
            ' OR ',
            ' MATCHES ',
            ' = ',
            'ipv4-addr:value',
            'x',
            "\\'",
            'FOLLOWEDBY',
            ' WITHIN 5 SECONDS',
            '(a+)+$',
          ],
          40,
        ),
        fc.string({ maxLength: 100 }),
      ),
      (text) => {
        try {
          parsePattern(text);
        } catch (error) {
          rethrowUntyped(error);
        }
      },
    ),
    property(
      'STIX bundles and TAXII envelopes (importStixDocument, streamed), one good indicator among hostile objects',
      fc.tuple(fc.array(stixObject, { maxLength: 5 }), fc.boolean(), cuts),
      async ([objects, envelope, where]) => {
        const good = indicator(1, "[ipv4-addr:value = '198.51.100.1']");
        const all = [...objects.slice(0, 2), good, ...objects.slice(2)];
        const document = envelope
          ? { more: false, objects: all }
          : { type: 'bundle', id: 'bundle--6f8b6f9a-3c3b-4e1f-9a55-1c1b0e1c9f01', objects: all };
        const result = await importStixDocument(chunked(JSON.stringify(document), where), 'fuzz.json');
        expectThat(
          result.indicators.some((item) => item.id === good.id || item.value === '198.51.100.1'),
          'the good indicator was lost',
        );
        expectThat(
          result.rejected.every((rejection) => rejection.position !== undefined || rejection.objectId !== undefined),
          'a rejection without its position',
        );
      },
    ),
    property(
      'MISP events (importMispDocument), one good attribute among hostile attributes and tags',
      fc.tuple(
        fc.array(
          fc.oneof(
            fc.object(),
            fc.record({
              type: fc.constantFrom('ip-dst', 'md5', 'domain', 'url', 'port'),
              value: hostileText,
              to_ids: fc.boolean(),
            }),
          ),
          { maxLength: 4 },
        ),
        fc.array(fc.oneof(fc.object(), fc.record({ name: fc.oneof(hostileText, fc.integer()) })), { maxLength: 3 }),
      ),
      ([attributes, tags]) => {
        const good = {
          uuid: '5f0c0a3e-2222-4c5d-9e8f-0a1b2c3d4e5f',
          type: 'ip-dst',
          value: '198.51.100.7',
          to_ids: true,
        };
        const event = {
          Event: {
            uuid: '5f0c0a3e-1111-4c5d-9e8f-0a1b2c3d4e5f',
            info: 'fuzz',
            date: '2024-03-01',
            Tag: tags,
            Attribute: [...attributes, good],
          },
        };
        const result = importMispDocument(event, 'fuzz.json');
        expectThat(
          result.indicators.some((item) => item.value === '198.51.100.7'),
          'the good attribute was lost',
        );
      },
    ),
    property(
      'IOC lists (parseIocList), a good value among hostile lines',
      fc.array(hostileText, { maxLength: 6 }),
      (lines) => {
        const text = [...lines.map((line) => line.replace(/[\r\n]/g, ' ')), '198.51.100.77'].join('\n');
        const { indicators, problems } = parseIocList(text, 'fuzz.txt');
        expectThat(
          indicators.some((item) => item.value === '198.51.100.77'),
          'the good value was lost',
        );
        expectThat(
          problems.every((problem) => typeof problem.line === 'number'),
          'a problem without its line',
        );
      },
    ),
    property(
      'Sigma rule YAML (compileRuleText)',
      fc.oneof(
        fromPieces([
          'title: x\n',
          'detection:\n',
          '  selection:\n',
          '    CommandLine|re: ',
          "'(a+)+$'",
          "'(a|a)+$'",
          '    Image|endswith: x\n',
          '  condition: selection\n',
          'condition: ',
          'not ',
          '1 of ',
          'selection*',
          ' and ',
          '(',
          ')',
          '&a ',
          '*a ',
          '[',
          '{',
          '---\n',
          '|',
          'x',
          '\n',
          'logsource: { product: windows }\n',
        ]),
        hostileText,
      ),
      (text) => {
        try {
          compileRuleText(text, 'fuzz.yml', {}, []);
        } catch (error) {
          rethrowUntyped(error);
        }
      },
    ),
    property(
      'playbooks (parsePlaybook, fromCacao)',
      fc.oneof(
        fromPieces([
          'id: p\n',
          'name: x\n',
          'steps:\n',
          '  - id: a\n',
          '    action: open-ticket\n',
          '    when: ',
          `\${{ steps }}`,
          `\${{ ) }}`,
          '"',
          '[',
          '{',
          '&a ',
          '*a ',
          'x',
          '\n',
        ]),
        hostileText,
      ),
      (text) => {
        try {
          parsePlaybook(text, 'fuzz.yml');
        } catch (error) {
          rethrowUntyped(error);
        }
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          return;
        }
        try {
          fromCacao(document, 'fuzz.json');
        } catch (error) {
          rethrowUntyped(error);
        }
      },
    ),
    property(
      'playbook expressions (compileExpression)',
      fc.oneof(
        fromPieces(
          [
            'steps',
            '.',
            '[',
            ']',
            '(',
            ')',
            "'x'",
            '"',
            '&&',
            '||',
            '!',
            '==',
            'join',
            ',',
            '1',
            ' ',
            `\${{`,
            '}}',
            '__proto__',
            'constructor',
          ],
          40,
        ),
        fc.string({ maxLength: 100 }),
      ),
      (text) => {
        try {
          compileExpression(text).evaluate({ steps: { a: { status: 'succeeded', output: null } } });
        } catch (error) {
          rethrowUntyped(error);
        }
      },
    ),
    mappingProperty(),
    property('CSV records (splitCsvRecord)', fromPieces(['"', ',', 'a', '""', ' ', '\t', ';', '\\', 'x']), (record) => {
      splitCsvRecord(record);
      splitCsvRecord(record, ';');
    }),
  ];
}

/** A hostile value parses as one JSON value by itself (so it cannot run into the envelope after it). */
function parsesAlone(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return text.trim() === '' ? true : !/["[{]/.test(text);
  }
}

function mappingProperty(): ParserProperty {
  const parser = 'field mapping files (loadFieldMapping)';
  return {
    parser,
    check: async (numRuns, seed) => {
      const folder = mkdtempSync(join(tmpdir(), 'vigil-fuzz-mapping-'));
      const file = join(folder, 'mapping.yaml');
      try {
        return await property(
          parser,
          fc.oneof(
            fromPieces([
              'format: json\n',
              'fields:\n',
              '  user.name: ',
              'User\n',
              '  source.ip: ',
              '"',
              '[',
              '{',
              '&a ',
              '*a ',
              'x',
              '\n',
              `\${{ steps }}`,
            ]),
            hostileText,
          ),
          async (text) => {
            writeFileSync(file, text);
            try {
              await loadFieldMapping(file);
            } catch (error) {
              rethrowUntyped(error);
            }
          },
        ).check(numRuns, seed);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
