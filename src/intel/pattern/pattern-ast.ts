/**
 * Syntax tree of the STIX 2.1 patterning language (STIX 2.1 part 9).
 * Every node keeps its character offset in the pattern text so errors and
 * tools can point at it.
 */

/** A literal value on the right-hand side of a comparison. */
export type PatternLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** Hex literal `h'ab01'`, value kept as lower-case hex digits. */
  | { kind: 'hex'; value: string }
  /** Binary literal `b'...'`, value kept as base64 text. */
  | { kind: 'binary'; value: string }
  /** Timestamp literal `t'2020-01-01T00:00:00Z'`, value kept as ISO text. */
  | { kind: 'timestamp'; value: string };

/** One step of an object path after the object type. */
export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

/** `file:hashes.'SHA-256'`, `network-traffic:dst_ref.value`, `email-message:to_refs[*].value`. */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  /** Canonical text of the path, e.g. `file:hashes.'SHA-256'`. */
  text: string;
  position: number;
}

export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

/** A boolean test on the properties of the objects of one observation. */
export type ComparisonExpression =
  | {
      kind: 'comparison';
      path: ObjectPath;
      operator: ComparisonOperator;
      negated: boolean;
      /** A list only for IN. */
      value: PatternLiteral | PatternLiteral[];
      position: number;
    }
  | { kind: 'exists'; path: ObjectPath; position: number }
  | { kind: 'and' | 'or'; operands: ComparisonExpression[]; position: number };

/** A test over one or more observations (events) and their timing. */
export type ObservationExpression =
  | { kind: 'observation'; comparison: ComparisonExpression; position: number }
  | { kind: 'and' | 'or' | 'followedby'; operands: ObservationExpression[]; position: number }
  | { kind: 'within'; seconds: number; expression: ObservationExpression; position: number }
  | { kind: 'repeats'; times: number; expression: ObservationExpression; position: number }
  | { kind: 'start-stop'; start: string; stop: string; expression: ObservationExpression; position: number };

/** A parsed pattern. */
export interface Pattern {
  text: string;
  root: ObservationExpression;
}
