/**
 * Every STIX pattern in ../shared: the `pattern` of every object in the corpus JSON (STIX and
 * TAXII test data), the patterns of the OASIS pattern validator's own tests, and the patterns
 * Vigil derives from every MISP event in the corpus (what it would serve and export).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mispEventToIndicators } from '../../src/intel/index.js';
import { unwrapMispEvents } from '../../src/intel/misp/misp-event-to-indicators.js';
import { sharedPath } from '../shared-data.js';
import { peerScript, peersPythonPath, runPythonJson } from './peers.js';

function jsonFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => statSync(file).size < 20_000_000)
    .sort();
}

function collectPatterns(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectPatterns(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'pattern' && typeof item === 'string') into.add(item);
      else collectPatterns(item, into);
    }
  }
}

export interface PatternCorpus {
  /** Patterns written by others (STIX JSON and the validator's tests). */
  thirdParty: string[];
  /** Patterns Vigil writes for the MISP attributes of the corpus. */
  fromMisp: string[];
}

export async function patternCorpus(): Promise<PatternCorpus> {
  const thirdParty = new Set<string>();
  for (const file of jsonFiles(sharedPath('stix-taxii'))) {
    try {
      collectPatterns(JSON.parse(readFileSync(file, 'utf8')), thirdParty);
    } catch {
      // not JSON: nothing to collect
    }
  }
  const validatorTests = await runPythonJson<string[]>(
    peerScript('pattern-judge.py'),
    ['corpus', peersPythonPath() ?? ''],
    [],
  );
  for (const pattern of validatorTests) thirdParty.add(pattern);
  const fromMisp = new Set<string>();
  for (const file of jsonFiles(sharedPath('misp', 'feed-from-pymisp-tests')).concat(
    jsonFiles(sharedPath('misp', 'pymisp-tests', 'tests')),
  )) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const event of unwrapMispEvents(document)) {
      try {
        for (const indicator of mispEventToIndicators(event).indicators)
          if (indicator.pattern) fromMisp.add(indicator.pattern);
      } catch {
        // not a MISP event the importer reads: it has no patterns
      }
    }
  }
  return { thirdParty: [...thirdParty].sort(), fromMisp: [...fromMisp].sort() };
}
