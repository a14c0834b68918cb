/**
 * Turns one parsed YAML document into a compiled Sigma rule, correlation rule or filter.
 * Throws a typed error naming what is wrong; the loader records it against the file.
 */
import { createHash } from 'node:crypto';
import { InputInvalidError, type Severity, UnsupportedError } from '../../core/index.js';
import { compileDetection } from './compile-detection.js';
import type { CompileContext, EventPredicate } from './detection-item.js';
import {
  type CorrelationConditionDocument,
  correlationRuleDocumentSchema,
  correlationTypeSchema,
  detectionRuleDocumentSchema,
  filterRuleDocumentSchema,
} from './rule-document-schema.js';
import type { CorrelationCondition, SigmaCorrelationRule, SigmaFilter, SigmaRule } from './sigma-rule.js';
import { parseTimespan } from './timespan.js';

export type CompiledDocument = SigmaRule | SigmaCorrelationRule | SigmaFilter;

export interface CompileOptions {
  readonly file: string;
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  /** False gives every value its own predicate instead of one multi-pattern matcher per list. */
  readonly multiPattern?: boolean;
}

const defaultLevel: Severity = 'medium';

export function compileRuleDocument(document: unknown, options: CompileOptions): CompiledDocument {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputInvalidError('a rule document must be a YAML map', { location: { file: options.file } });
  }
  const record = document as Record<string, unknown>;
  if ('action' in record) throw new UnsupportedError("Sigma v1 rule collections ('action: global') are not supported");
  if ('correlation' in record) return compileCorrelation(record, options);
  if ('filter' in record && !('detection' in record)) return compileFilter(record, options);
  const parsed = detectionRuleDocumentSchema.safeParse(record);
  if (!parsed.success)
    throw new InputInvalidError(`invalid rule: ${describeIssues(parsed.error.issues)}`, {
      location: { file: options.file },
    });
  const rule = parsed.data;
  const context: CompileContext = { placeholders: options.placeholders, notes: [], multiPattern: options.multiPattern };
  const { match, requirement } = compileDetection(rule.detection, context);
  return {
    kind: 'detection',
    id: rule.id ?? syntheticId(options.file, rule.title),
    name: rule.name,
    title: rule.title,
    status: rule.status,
    description: rule.description,
    level: rule.level ?? defaultLevel,
    tags: rule.tags,
    file: options.file,
    logsource: rule.logsource,
    falsepositives: toStrings(rule.falsepositives),
    fields: rule.fields ?? [],
    match,
    notes: context.notes,
    document: () => document,
    requirement: () => requirement,
  };
}

/**
 * The matcher of a detection rule document that has compiled before with this very engine (a
 * rule-cache entry, checksummed): its header is already known, so only `detection` is compiled,
 * without checking the whole document against the schema again.
 */
export function compileKnownDetection(document: unknown, options: CompileOptions): EventPredicate {
  const detection = (document as { detection?: unknown } | null)?.detection;
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection))
    throw new InputInvalidError('a cached rule document has no detection map', { location: { file: options.file } });
  return compileDetection(detection as Record<string, unknown>, {
    placeholders: options.placeholders,
    notes: [],
    multiPattern: options.multiPattern,
  }).match;
}

function compileCorrelation(record: Record<string, unknown>, options: CompileOptions): SigmaCorrelationRule {
  const parsed = correlationRuleDocumentSchema.safeParse(record);
  if (!parsed.success) throw new InputInvalidError(`invalid correlation rule: ${describeIssues(parsed.error.issues)}`);
  const rule = parsed.data;
  const correlation = rule.correlation;
  const type = correlationTypeSchema.safeParse(correlation.type);
  if (!type.success) throw new UnsupportedError(`correlation type '${correlation.type}' is not supported`);
  const timespan = correlation.timespan ?? correlation.timeframe;
  if (timespan === undefined) throw new InputInvalidError('correlation rule has no timespan');
  const groupBy = correlation['group-by'];
  return {
    kind: 'correlation',
    id: rule.id ?? syntheticId(options.file, rule.title),
    name: rule.name,
    title: rule.title,
    status: rule.status,
    description: rule.description,
    level: rule.level ?? defaultLevel,
    tags: rule.tags,
    file: options.file,
    type: type.data,
    rules: correlation.rules,
    groupBy: groupBy === undefined ? [] : Array.isArray(groupBy) ? groupBy : [groupBy],
    timespanMs: parseTimespan(timespan),
    condition: correlationCondition(type.data, correlation.condition, correlation.rules.length),
    aliases: correlation.aliases ?? {},
    generate: correlation.generate ?? rule.generate ?? false,
  };
}

function correlationCondition(
  type: SigmaCorrelationRule['type'],
  condition: CorrelationConditionDocument | undefined,
  ruleCount: number,
): CorrelationCondition {
  const field = Array.isArray(condition?.field) ? condition.field[0] : condition?.field;
  if (type.startsWith('value_') && field === undefined)
    throw new InputInvalidError(`${type} correlation needs condition.field`);
  const percentile = condition?.percentile;
  if (type === 'value_percentile' && percentile === undefined)
    throw new InputInvalidError('value_percentile correlation needs condition.percentile (0-100)');
  const operators = (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const).filter(
    (name) => condition?.[name] !== undefined,
  );
  if (operators.length > 1)
    throw new UnsupportedError(`correlation condition with several operators (${operators.join(', ')})`);
  const operator = operators[0];
  if (operator === undefined) {
    if (type === 'temporal' || type === 'temporal_ordered') return { operator: 'gte', value: ruleCount, field };
    throw new InputInvalidError(`${type} correlation needs a condition (gte, gt, lte, lt, eq or neq)`);
  }
  const value = condition?.[operator] as number;
  return percentile === undefined ? { operator, value, field } : { operator, value, field, percentile };
}

function compileFilter(record: Record<string, unknown>, options: CompileOptions): SigmaFilter {
  const parsed = filterRuleDocumentSchema.safeParse(record);
  if (!parsed.success) throw new InputInvalidError(`invalid filter: ${describeIssues(parsed.error.issues)}`);
  const rule = parsed.data;
  const { rules, ...detection } = rule.filter;
  if (rules === undefined) throw new InputInvalidError('filter names no rules');
  const context: CompileContext = { placeholders: options.placeholders, notes: [], multiPattern: options.multiPattern };
  const match: EventPredicate = compileDetection(detection, context).match;
  return {
    kind: 'filter',
    id: rule.id ?? syntheticId(options.file, rule.title),
    name: rule.name,
    title: rule.title,
    status: rule.status,
    description: rule.description,
    level: rule.level ?? defaultLevel,
    tags: rule.tags,
    file: options.file,
    rules: Array.isArray(rules) ? rules : [rules],
    logsource: rule.logsource,
    match,
  };
}

function syntheticId(file: string, title: string): string {
  return `vigil-${createHash('sha256').update(`${file}\n${title}`).digest('hex').slice(0, 24)}`;
}

function toStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`)
    .join('; ');
}
