import type { Event } from '../core/index.js';
import { buildEvent, type EventBuilderState, type EventIdentifier } from './event/build-event.js';
import { EventContext } from './event/event-context.js';
import type { FormatRegistry } from './formats/registry.js';
import type { DrainTemplateMiner } from './formats/text/drain.js';
import type { FieldMapping } from './mapping/field-mapping.js';
import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord, RecordParser, Rejection } from './types.js';

/** What processing a record produces: an event, a rejection, or nothing (a header, a comment). */
export type RecordOutput = { type: 'event'; event: Event } | { type: 'reject'; rejection: Rejection };

export interface RecordProcessorOptions {
  format: FormatDefinition;
  /** Shown as `origin.file` and `Rejection.file`: a path, or a live source such as `syslog+udp://host:port`. */
  sourceName: string;
  registry: FormatRegistry;
  mapping: FieldMapping | undefined;
  templateMiner: DrainTemplateMiner;
  /** Time assumed for records without a year or any time; live inputs move it to each record's arrival. */
  referenceTime: Date;
  identifier: EventIdentifier;
  /** Process and session context shared by the inputs of one read; a new one per processor by default. */
  eventContext?: EventContext;
  /** See `ReadOptions.recordSnapshots`. */
  recordSnapshots?: boolean;
}

function createContext(options: RecordProcessorOptions): ParserContext {
  const embedded = new Map<string, RecordParser>();
  const context: ParserContext = {
    fileName: options.sourceName,
    referenceTime: options.referenceTime,
    mapping: options.mapping,
    templateMiner: options.templateMiner,
    recordSnapshots: options.recordSnapshots,
    parseEmbedded(formatName: string, text: string): ParseOutcome | undefined {
      let parser = embedded.get(formatName);
      if (!parser) {
        const format = options.registry.get(formatName);
        if (!format) return undefined;
        parser = format.createParser(context);
        embedded.set(formatName, parser);
      }
      return parser.parse({ text, line: 0 });
    },
  };
  return context;
}

/**
 * Turns the records of one input, in order, into events: parse with the input's format, then
 * build (id, origin, observables). Shared by files, tailed files and live listeners, so a line
 * gives the same event whichever way it arrives. Never throws for bad content.
 */
export class RecordProcessor {
  readonly context: ParserContext;
  private readonly parser: RecordParser;
  private readonly state: EventBuilderState;
  private readonly eventContext: EventContext;

  constructor(private readonly options: RecordProcessorOptions) {
    this.context = createContext(options);
    this.parser = options.format.createParser(this.context);
    this.eventContext = options.eventContext ?? new EventContext();
    this.state = {
      logFormat: options.format.logFormat,
      fileName: options.sourceName,
      fingerprinter: options.identifier,
      fallbackTimestamp: options.referenceTime.toISOString(),
    };
  }

  /** For live inputs: records without a time of their own take this one. */
  setFallbackTime(time: Date): void {
    this.options.referenceTime.setTime(time.getTime());
    this.state.fallbackTimestamp = time.toISOString();
  }

  process(record: RawRecord): RecordOutput | undefined {
    let outcome: ParseOutcome;
    try {
      outcome = this.parser.parse(record);
    } catch (error) {
      outcome = { type: 'reject', reason: `${this.options.format.name} parser failed: ${(error as Error).message}` };
    }
    if (outcome.type === 'event') {
      this.eventContext.complete(outcome.draft);
      return { type: 'event', event: buildEvent(outcome.draft, record, this.state) };
    }
    if (outcome.type === 'reject') {
      return {
        type: 'reject',
        rejection: { file: this.options.sourceName, line: record.line, reason: outcome.reason },
      };
    }
    return undefined;
  }

  /** Builds an event from a draft made outside the format's parser (HEC envelopes). */
  build(draft: Parameters<typeof buildEvent>[0], record: RawRecord): Event {
    return buildEvent(draft, record, this.state);
  }
}
