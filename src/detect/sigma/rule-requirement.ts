/**
 * What a detection needs of an event before it can match at all, as clauses that must all hold:
 * a clause is a list of atoms (a field and a lower-case text), and holds when one of its atoms
 * occurs in one of its field's lower-cased texts. The detector scans each field once for the
 * atoms of every rule of a log source and evaluates only the rules whose clauses all hold
 * (rule-prefilter.ts), so a rule is never run, or even compiled, on events it cannot match.
 *
 * The compiler emits it as it compiles (compile-detection.ts), from the very items, values and
 * parsed condition the predicate is built from: this file is the algebra it uses. Only items the
 * compiled predicate reads lower-cased and compares by position count (`contains`, `startswith`,
 * `endswith`, exact, with `all` and `windash`): a value's longest literal part must then occur in
 * the lower-cased text for the value to match. Anything else (negation, keywords, `re`, `cased`,
 * base64, numbers, CIDR, `exists`, null, `fieldref`, placeholders) adds no clause. No clause
 * (undefined) means "always evaluate": the requirement is a necessary condition, never a verdict.
 */
import { wildcardMatcher } from './compile-condition.js';
import type { ConditionNode } from './condition-parser.js';
import { transformValue } from './detection-item.js';
import { longestLiteral } from './sigma-string.js';

export interface FieldAtom {
  /** The field as the rule names it (read through the log source's aliases, as the rule reads it). */
  readonly field: string;
  /** Lower-case text that must occur in one of the field's lower-cased texts. */
  readonly text: string;
}

/** One atom of it must hold. */
export type RequirementClause = readonly FieldAtom[];

/** Every clause must hold for the detection to match; undefined when nothing is known. */
export type RuleRequirement = readonly RequirementClause[] | undefined;

/** Clauses kept per requirement: each is necessary on its own, so dropping some only weakens it. */
const maxClauses = 8;

/** Modifiers under which an item reads the field lower-cased and compares text by position. */
const positionalModifiers = new Set(['contains', 'startswith', 'endswith', 'all', 'windash']);

/** The requirement of a parsed condition over the requirements of the rule's selections, by name. */
export function conditionRequirement(
  node: ConditionNode,
  selections: ReadonlyMap<string, RuleRequirement>,
): RuleRequirement {
  switch (node.kind) {
    case 'identifier':
      return selections.get(node.name);
    case 'not':
      return undefined;
    case 'and':
      return allOf(node.operands.map((operand) => conditionRequirement(operand, selections)));
    case 'or':
      return anyOf(node.operands.map((operand) => conditionRequirement(operand, selections)));
    case 'quantified': {
      const matches = node.pattern === 'them' ? (name: string) => !name.startsWith('_') : wildcardMatcher(node.pattern);
      const matched: RuleRequirement[] = [];
      for (const [name, requirement] of selections) if (matches(name)) matched.push(requirement);
      if (matched.length === 0) return undefined;
      // `all of` needs every selection; `1 of` and `N of` need at least one of them.
      return node.quantifier === 'all' ? allOf(matched) : anyOf(matched);
    }
  }
}

/**
 * The requirement of one item (`Field|modifier…: values`) as the compiler has accepted it;
 * `field` undefined is a keyword item, which reads every text of the event and adds nothing.
 */
export function itemRequirement(
  field: string | undefined,
  modifiers: readonly string[],
  values: readonly unknown[],
): RuleRequirement {
  if (field === undefined || values.length === 0) return undefined;
  for (const modifier of modifiers) if (!positionalModifiers.has(modifier)) return undefined;
  for (const value of values) if (value === null || value === undefined || typeof value === 'object') return undefined;
  const windash = modifiers.includes('windash');
  if (values.length === 1) return valueAtoms(field, String(values[0]), modifiers, windash);
  const perValue = values.map((item) => valueAtoms(field, String(item), modifiers, windash));
  // `all`: every value must match; else one of them.
  return modifiers.includes('all') ? allOf(perValue) : anyOf(perValue);
}

/** One atom per alternative of the value (windash spellings), its longest literal part. */
function valueAtoms(field: string, raw: string, modifiers: readonly string[], windash: boolean): RuleRequirement {
  if (!windash) {
    // The one alternative is the value itself; lower-cased part by part, as the compiler does.
    const text = longestLiteral(raw).toLowerCase();
    return text === '' ? undefined : [[{ field, text }]];
  }
  const atoms: FieldAtom[] = [];
  for (const alternative of transformValue(raw, modifiers, { placeholders: {}, notes: [] })) {
    let longest = '';
    for (const part of alternative.parts) {
      if (part.kind !== 'text') continue;
      // Lower-cased part by part, as the compiler lower-cases a glob's literal parts.
      const text = part.text.toLowerCase();
      if (text.length > longest.length) longest = text;
    }
    if (longest === '') return undefined;
    atoms.push({ field, text: longest });
  }
  return atoms.length === 0 ? undefined : [atoms];
}

/** All of the operands: every clause of each known one (operands without a requirement add nothing). */
export function allOf(requirements: readonly RuleRequirement[]): RuleRequirement {
  const clauses: RequirementClause[] = [];
  for (const requirement of requirements) if (requirement !== undefined) clauses.push(...requirement);
  return clauses.length === 0 ? undefined : clauses.slice(0, maxClauses);
}

/**
 * Any of the alternatives: each must be known. When one alternative holds, all its clauses do,
 * so a clause made of one clause of each alternative holds too; the i-th such clause takes each
 * alternative's i-th clause (its last when it has fewer).
 */
export function anyOf(requirements: readonly RuleRequirement[]): RuleRequirement {
  if (requirements.length === 0) return undefined;
  let widest = 0;
  for (const requirement of requirements) {
    if (requirement === undefined || requirement.length === 0) return undefined;
    widest = Math.max(widest, requirement.length);
  }
  const known = requirements as readonly (readonly RequirementClause[])[];
  if (known.length === 1) return known[0];
  const clauses: RequirementClause[] = [];
  for (let index = 0; index < Math.min(widest, maxClauses); index++) {
    const clause: FieldAtom[] = [];
    for (const requirement of known)
      clause.push(...(requirement[Math.min(index, requirement.length - 1)] as RequirementClause));
    clauses.push(clause);
  }
  return clauses;
}
