/**
 * Indicator index benchmark (run: node --import tsx bench/intel.bench.ts).
 * Loads 1,000,000 generated indicators of mixed types, matches the observables of
 * 100,000 events on one core, compares exact-type lookups with a plain Set, and
 * parses every STIX pattern found in the shared corpus. Prints a Markdown table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Event, eventSchema, type Indicator, type ObservableType } from '../src/core/index.js';
import { IndicatorIndex, importIntel, parsePattern } from '../src/intel/index.js';
import { sharedDataRoot } from '../test/shared-data.js';

const indicatorCount = Number(process.env.INTEL_BENCH_INDICATORS ?? 1_000_000);
const eventCount = Number(process.env.INTEL_BENCH_EVENTS ?? 100_000);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** Deterministic pseudo-random numbers (mulberry32) so runs are comparable. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (next: () => number, length: number) => {
  let text = '';
  while (text.length < length)
    text += Math.floor(next() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return text.slice(0, length);
};
const ipv4 = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function generateValue(index: number, next: () => number): { type: ObservableType; value: string } {
  const kind = index % 20;
  if (kind < 6) return { type: 'ipv4-addr', value: ipv4(0x0b000000 + index * 7) };
  if (kind === 6) return { type: 'ipv4-addr', value: `${ipv4(0x64000000 + index * 256)}/24` };
  if (kind < 11) return { type: 'domain-name', value: `host${index}.bad${index % 5000}.example.com` };
  if (kind < 13) return { type: 'url', value: `http://site${index}.example.net/path/${index}` };
  if (kind < 15) return { type: 'md5', value: hex(next, 32) };
  if (kind === 15) return { type: 'sha1', value: hex(next, 40) };
  if (kind < 18) return { type: 'sha256', value: hex(next, 64) };
  if (kind === 18) return { type: 'email-addr', value: `user${index}@mail${index % 100}.example.org` };
  return { type: 'file-name', value: `payload${index}.exe` };
}

const next = random(42);
const generated: Indicator[] = [];
for (let index = 0; index < indicatorCount; index += 1) {
  const { type, value } = generateValue(index, next);
  generated.push({
    id: `indicator--bench-${index}`,
    type,
    value,
    confidence: 50 + (index % 50),
    revoked: false,
    source: `feed-${index % 10}`,
    tlp: 'clear',
    labels: [],
    techniques: [],
  });
}

const rssBeforeLoad = process.memoryUsage().rss;
let started = performance.now();
const index = new IndicatorIndex();
const skipped = index.add(generated);
const loadSeconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

function makeEvents(): Event[] {
  const events: Event[] = [];
  const pick = random(7);
  for (let number = 0; number < eventCount; number += 1) {
    const hit = number % 10 === 0;
    const target = generated[Math.floor(pick() * generated.length)]!;
    events.push(
      eventSchema.parse({
        id: `event-${number}`,
        timestamp: '2024-05-01T12:00:00Z',
        origin: { format: 'json-lines' },
        fields: {},
        raw: '',
        source: { ip: ipv4(0x0a000000 + number) },
        destination: {
          ip:
            hit && target.type === 'ipv4-addr'
              ? target.value!.replace(/\/24$/, '')
              : ipv4(0xc0a80000 + (number % 65536)),
        },
        dns: {
          question: {
            name: hit && target.type === 'domain-name' ? `www.${target.value}` : `www${number}.benign.example.org`,
          },
        },
        url: { full: hit && target.type === 'url' ? target.value : `https://benign.example.org/${number}` },
        file: {
          name: `doc${number}.pdf`,
          hashes: { sha256: hit && target.type === 'sha256' ? target.value : hex(pick, 64) },
        },
        user: { name: `user${number % 1000}` },
      }),
    );
  }
  return events;
}
const events = makeEvents();

// First pass warms the JIT and lets the collector settle after the load; the second is measured.
let matchCount = 0;
started = performance.now();
for (const event of events) matchCount += index.match(event).length;
const firstPassSeconds = (performance.now() - started) / 1000;
matchCount = 0;
started = performance.now();
for (const event of events) matchCount += index.match(event).length;
const matchSeconds = (performance.now() - started) / 1000;

// Baseline: plain Set per exact type, looking up the same fields already lower-cased.
const sets = new Map<string, Set<string>>();
for (const indicator of generated) {
  if (indicator.value?.includes('/') && indicator.type === 'ipv4-addr') continue;
  const set = sets.get(indicator.type!) ?? new Set<string>();
  set.add(indicator.value!.toLowerCase());
  sets.set(indicator.type!, set);
}
started = performance.now();
let baselineHits = 0;
for (const event of events) {
  const lookups: [string, string | undefined][] = [
    ['ipv4-addr', event.source?.ip],
    ['ipv4-addr', event.destination?.ip],
    ['domain-name', event.dns?.question?.name],
    ['url', event.url?.full],
    ['sha256', event.file?.hashes?.sha256],
    ['file-name', event.file?.name],
  ];
  for (const [type, value] of lookups) if (value && sets.get(type)?.has(value.toLowerCase())) baselineHits += 1;
}
const baselineSeconds = (performance.now() - started) / 1000;

// Pattern parsing over every pattern in the shared corpus.
let patterns: string[] = [];
const root = sharedDataRoot();
if (root) {
  const inputs = [join(root, 'stix-taxii'), join(root, 'misp', 'feed-from-pymisp-tests')];
  const imported = await importIntel(inputs);
  patterns = imported.indicators
    .filter((indicator) => indicator.patternType === 'stix' && indicator.pattern)
    .map((indicator) => indicator.pattern!);
  const medallion = readFileSync(
    join(root, 'stix-taxii', 'medallion-testdata', 'medallion', 'test', 'data', 'default_data.json'),
    'utf8',
  );
  patterns.push(
    ...[...medallion.matchAll(/"pattern": "((?:[^"\\]|\\.)*)"/g)].map((match) => JSON.parse(`"${match[1]}"`) as string),
  );
}
started = performance.now();
let parseFailures = 0;
for (let round = 0; round < 20; round += 1) {
  for (const pattern of patterns) {
    try {
      parsePattern(pattern);
    } catch {
      parseFailures += 1;
    }
  }
}
const parseSeconds = (performance.now() - started) / 1000 / 20;

clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rows: [string, string, string][] = [
  ['indicators loaded', indicatorCount.toLocaleString('en'), `${skipped.length} skipped`],
  ['load time', `${loadSeconds.toFixed(2)} s`, 'target < 20 s'],
  ['peak RSS (whole process)', megabytes(peakRss), `target < 1.5 GB; ${megabytes(rssBeforeLoad)} before load`],
  ['events matched', eventCount.toLocaleString('en'), `${matchCount.toLocaleString('en')} matches`],
  [
    'match rate (one core, warm)',
    `${Math.round(eventCount / matchSeconds).toLocaleString('en')} events/s`,
    'target > 200,000 events/s',
  ],
  [
    'match rate (first pass, cold)',
    `${Math.round(eventCount / firstPassSeconds).toLocaleString('en')} events/s`,
    'includes JIT warm-up and GC after load',
  ],
  [
    'Set baseline (exact types)',
    `${Math.round(eventCount / baselineSeconds).toLocaleString('en')} events/s`,
    `${baselineHits.toLocaleString('en')} hits`,
  ],
  [
    'index / Set time ratio',
    `${(matchSeconds / baselineSeconds).toFixed(1)}×`,
    'index also does CIDR, subdomains, URL normalisation, lifecycle',
  ],
  [
    'corpus patterns parsed',
    patterns.length.toLocaleString('en'),
    `${parseFailures / 20} failures; ${(parseSeconds * 1000).toFixed(2)} ms per pass`,
  ],
];
console.log('| measure | value | note |\n|---|---|---|');
for (const [measure, value, note] of rows) console.log(`| ${measure} | ${value} | ${note} |`);
