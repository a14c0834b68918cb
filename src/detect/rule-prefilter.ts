/**
 * The rules of one route that can match an event, found by scanning each field once for the
 * requirement atoms of all of them (sigma/rule-requirement.ts): a rule with a clause none of
 * whose atoms occurs cannot match, and is neither run nor compiled; a rule without a requirement
 * is always a candidate. Candidates keep the rules' order, so alerts come in the order the rules
 * would give them without the prefilter.
 */
import type { EventView } from './sigma/event-view.js';
import { compilePatternSet, type PatternSetScan } from './sigma/pattern-set-scanner.js';
import type { RuleRequirement } from './sigma/rule-requirement.js';

/**
 * Atoms keep at most their last this many characters: a part of a text that must occur must
 * occur too, and the automaton has a state per character (the 5,747 `CommandLine` atoms of the
 * process-creation rules have 53,000 characters uncut). The end, because paths and registry keys
 * differ most at their end (`\\software\\microsoft\\…` starts hundreds of them).
 */
const maxAtomLength = 20;

/** Pattern-set scanners by their pattern list, shared by the prefilters of one detector. */
export type ScannerCache = Map<string, PatternSetScan>;

interface FieldScan {
  readonly field: string;
  /** The rules with an atom on this field: the scan is skipped once all of them are ruled out. */
  readonly rules: Int32Array;
  /** Clauses whose atoms are all on this field, with their rule: unmarked after the scan, the rule is out. */
  readonly ownClauses: Int32Array;
  readonly ownRules: Int32Array;
  readonly scan: PatternSetScan;
  /** Per pattern, the clauses (by their index in the route) it satisfies. */
  readonly clauses: readonly Int32Array[];
  /** Per pattern, the last selection it was reported in (one report per pattern per event). */
  readonly reported: Uint32Array;
  /** The report callback of this field, made once. */
  report: (pattern: number) => void;
}

export class RulePrefilter {
  /** Per rule, its first clause and one past its last: an empty range means "always a candidate". */
  readonly #firstClause: Int32Array;
  readonly #endClause: Int32Array;
  /** Per clause, the last selection in which one of its atoms occurred. */
  readonly #marks: Uint32Array;
  /** Per rule, the last selection in which it was ruled out. */
  readonly #out: Uint32Array;
  readonly #fields: readonly FieldScan[];
  #epoch = 0;

  constructor(requirements: readonly RuleRequirement[], scanners: ScannerCache = new Map()) {
    this.#firstClause = new Int32Array(requirements.length);
    this.#endClause = new Int32Array(requirements.length);
    const byField = new Map<string, Map<string, number[]>>();
    const fieldRules = new Map<string, Set<number>>();
    const ownClauses = new Map<string, Array<[clause: number, rule: number]>>();
    let clauseCount = 0;
    requirements.forEach((requirement, rule) => {
      this.#firstClause[rule] = clauseCount;
      for (const clause of requirement ?? []) {
        const index = clauseCount++;
        const fields = new Set(clause.map((atom) => atom.field));
        for (const field of fields) {
          if (!fieldRules.has(field)) fieldRules.set(field, new Set());
          fieldRules.get(field)?.add(rule);
        }
        if (fields.size === 1) {
          const [field] = fields as unknown as [string];
          if (!ownClauses.has(field)) ownClauses.set(field, []);
          ownClauses.get(field)?.push([index, rule]);
        }
        for (const atom of clause) {
          const text = atom.text.length > maxAtomLength ? atom.text.slice(-maxAtomLength) : atom.text;
          let patterns = byField.get(atom.field);
          if (patterns === undefined) {
            patterns = new Map();
            byField.set(atom.field, patterns);
          }
          const clauses = patterns.get(text);
          if (clauses === undefined) patterns.set(text, [index]);
          else if (clauses.at(-1) !== index) clauses.push(index);
        }
      }
      this.#endClause[rule] = clauseCount;
    });
    this.#marks = new Uint32Array(clauseCount);
    this.#out = new Uint32Array(requirements.length);
    // Fields that most rules need first: they rule out most, so fewer fields are scanned at all.
    const ordered = [...byField].sort(
      ([left], [right]) => (fieldRules.get(right)?.size ?? 0) - (fieldRules.get(left)?.size ?? 0),
    );
    this.#fields = ordered.map(([field, patterns]) => {
      const own = ownClauses.get(field) ?? [];
      const scan: FieldScan = {
        field,
        rules: Int32Array.from(fieldRules.get(field) ?? []),
        ownClauses: Int32Array.from(own, ([clause]) => clause),
        ownRules: Int32Array.from(own, ([, rule]) => rule),
        scan: sharedScanner([...patterns.keys()], scanners),
        clauses: [...patterns.values()].map((clauses) => Int32Array.from(clauses)),
        reported: new Uint32Array(patterns.size),
        report: () => {},
      };
      scan.report = (pattern) => {
        const epoch = this.#epoch;
        if (scan.reported[pattern] === epoch) return;
        scan.reported[pattern] = epoch;
        const list = scan.clauses[pattern] as Int32Array;
        for (let index = 0; index < list.length; index++) this.#marks[list[index] as number] = epoch;
      };
      return scan;
    });
  }

  /** Marks the candidates for this event; `isCandidate` answers until the next call. */
  select(view: EventView): void {
    if (this.#epoch === 0xffffffff) {
      this.#epoch = 0;
      this.#marks.fill(0);
      this.#out.fill(0);
      for (const field of this.#fields) field.reported.fill(0);
    }
    const epoch = ++this.#epoch;
    const marks = this.#marks;
    const out = this.#out;
    for (const field of this.#fields) {
      const rules = field.rules;
      let needed = false;
      for (let index = 0; index < rules.length; index++)
        if (out[rules[index] as number] !== epoch) {
          needed = true;
          break;
        }
      // Every rule with an atom here is already out: its clauses here cannot make it a candidate.
      if (!needed) continue;
      // The scanners fold case themselves: no lower-cased copy of the field is made for them.
      const texts = view.texts(field.field);
      for (let index = 0; index < texts.length; index++) field.scan(texts[index] as string, field.report);
      const clauses = field.ownClauses;
      for (let index = 0; index < clauses.length; index++)
        if (marks[clauses[index] as number] !== epoch) out[field.ownRules[index] as number] = epoch;
    }
  }

  isCandidate(rule: number): boolean {
    const end = this.#endClause[rule] as number;
    const epoch = this.#epoch;
    for (let clause = this.#firstClause[rule] as number; clause < end; clause++)
      if (this.#marks[clause] !== epoch) return false;
    return true;
  }
}

function sharedScanner(patterns: readonly string[], scanners: ScannerCache): PatternSetScan {
  const key = patterns.join('\u0000');
  let scan = scanners.get(key);
  if (scan === undefined) {
    scan = compilePatternSet(patterns);
    scanners.set(key, scan);
  }
  return scan;
}
