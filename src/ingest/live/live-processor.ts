import { UsageError } from '../../core/index.js';
import { Fingerprinter } from '../event/fingerprint.js';
import { createFormatRegistry, type FormatRegistry } from '../formats/registry.js';
import { DrainTemplateMiner } from '../formats/text/drain.js';
import type { FieldMapping } from '../mapping/field-mapping.js';
import { RecordProcessor } from '../record-processor.js';

/** Records per fingerprint generation of a live source (see `FingerprinterOptions.window`). */
export const liveFingerprintWindow = 1_000_000;

export interface LiveFormatOptions {
  /** Format name of the records (see `listFormats()`). */
  format?: string;
  registry?: FormatRegistry;
  /** Field mapping for `json-lines` / `csv` records. */
  mapping?: FieldMapping;
}

/**
 * A record processor for an endless source: ids from a windowed fingerprinter (bounded memory),
 * records without a time take their arrival time (`setFallbackTime`).
 */
export function createLiveProcessor(
  sourceName: string,
  defaultFormat: string,
  options: LiveFormatOptions,
): RecordProcessor {
  const registry = options.registry ?? createFormatRegistry();
  const name = options.format ?? defaultFormat;
  const format = registry.get(name);
  if (!format) throw new UsageError(`unknown format "${name}"; known formats: ${[...registry.keys()].join(', ')}`);
  return new RecordProcessor({
    format,
    sourceName,
    registry,
    mapping: options.mapping,
    templateMiner: new DrainTemplateMiner(),
    referenceTime: new Date(),
    identifier: new Fingerprinter(format.name, { window: liveFingerprintWindow }),
  });
}
