/**
 * A static proof that V8's backtracking engine runs a JavaScript regular expression in time linear
 * in the subject, for the fixed patterns written in Vigil's own source (`whyNotLinear`). Patterns
 * that come from rules or intel go through `compileGuardedRegex` instead; this is for the literals
 * that parsers and analytics apply to log text, where even a quadratic pattern is an attack (a
 * 1 MiB record against `/x.*y/` is about 10^12 steps).
 *
 * The rules are sufficient, not necessary (a pattern they refuse may still be linear):
 * 1. no backreference, and no unbounded quantifier inside a lookaround;
 * 2. a group is repeated only a bounded number of times, its body has no unbounded quantifier, and
 *    the ways to match a bounded part stay under a constant;
 * 3. every unbounded quantifier applies to one character (a literal, class or escape) whose set is
 *    disjoint from the first characters of what follows it, so giving characters back never
 *    finds a second way through; only an unbounded quantifier with no other after it may overlap;
 * 4. the search has one start (`^` heading every alternative without the `m` flag, or the `y`
 *    flag), or else no unbounded quantifier can run over a position where a match could start.
 */

/** Why the pattern might take more than linear time on V8, or undefined when it provably cannot. */
export function whyNotLinear(pattern: string, flags = ''): string | undefined {
  let root: Node;
  try {
    root = new RegexParser(pattern, flags.includes('i'), flags.includes('s')).parse();
  } catch (error) {
    return `cannot be analysed: ${(error as Error).message}`;
  }
  if (root.kind !== 'group') return 'cannot be analysed';
  const top: Context = { first: [], free: true, unboundedAfter: false, strict: false };
  const oneStart = (alternative: readonly Node[]) =>
    flags.includes('y') ||
    (!flags.includes('m') && startsAnchored({ kind: 'group', alternatives: [[...alternative]], look: false }));
  const rescans: CharSet[] = [];
  const starts: CharSet[] = [];
  for (const alternative of root.alternatives) {
    const found: CharSet[] = [];
    const problem = checkSequence(alternative, top, found);
    if (problem) return problem;
    if (oneStart(alternative)) continue;
    rescans.push(...found);
    starts.push(firstOfSequence(alternative).set);
  }
  if (paths(root) > maxPaths) return 'has too many ways to match its bounded parts';
  const startSet = union(...starts);
  if (rescans.some((set) => intersects(set, startSet)))
    return 'can rescan the subject from every start (an unbounded quantifier runs over where a match starts)';
  return undefined;
}

/** Sorted, disjoint, inclusive UTF-16 code unit ranges. */
type CharSet = readonly (readonly [number, number])[];

type Node =
  | { kind: 'char'; set: CharSet }
  | { kind: 'assert' }
  | { kind: 'start' }
  | { kind: 'backref' }
  | { kind: 'group'; alternatives: Node[][]; look: boolean }
  | { kind: 'repeat'; body: Node; min: number; max: number };

/** What comes after a node, as far as backtracking is concerned. */
interface Context {
  /** The characters the continuation can start with. */
  first: CharSet;
  /** The continuation always matches the empty string (no assertion on the way), so it never fails. */
  free: boolean;
  /** An unbounded quantifier comes later in the continuation. */
  unboundedAfter: boolean;
  /** Inside an unbounded loop: every choice must be decided by the next character. */
  strict: boolean;
}

const maxPaths = 1_000_000;
const lastCode = 0xffff;

function union(...sets: CharSet[]): CharSet {
  const ranges = sets.flat().sort((left, right) => left[0] - right[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of ranges) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function complement(set: CharSet): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= lastCode) result.push([next, lastCode]);
  return result;
}

function intersects(left: CharSet, right: CharSet): boolean {
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const [leftLow, leftHigh] = left[leftIndex] as readonly [number, number];
    const [rightLow, rightHigh] = right[rightIndex] as readonly [number, number];
    if (leftLow <= rightHigh && rightLow <= leftHigh) return true;
    if (leftHigh < rightHigh) leftIndex++;
    else rightIndex++;
  }
  return false;
}

function check(node: Node, context: Context, rescans: CharSet[]): string | undefined {
  switch (node.kind) {
    case 'backref':
      return 'uses a backreference';
    case 'group': {
      if (node.look) {
        if (hasUnbounded(node)) return 'has an unbounded quantifier inside a lookaround';
        const inside: Context = { first: [], free: true, unboundedAfter: false, strict: false };
        return node.alternatives.map((alternative) => checkSequence(alternative, inside, [])).find(Boolean);
      }
      if (context.strict) {
        const heads = node.alternatives.map((alternative) => {
          const head = firstOfSequence(alternative);
          return head.empty ? union(head.set, context.first) : head.set;
        });
        for (let left = 0; left < heads.length; left++)
          for (let right = left + 1; right < heads.length; right++)
            if (intersects(heads[left] as CharSet, heads[right] as CharSet))
              return 'has alternatives inside a repeated group that start alike';
      }
      return node.alternatives.map((alternative) => checkSequence(alternative, context, rescans)).find(Boolean);
    }
    case 'repeat':
      return node.body.kind === 'char'
        ? checkCharacterRepeat(node, node.body.set, context, rescans)
        : checkGroupRepeat(node, context, rescans);
    default:
      return undefined;
  }
}

function checkCharacterRepeat(
  node: Extract<Node, { kind: 'repeat' }>,
  set: CharSet,
  context: Context,
  rescans: CharSet[],
): string | undefined {
  const unbounded = node.max === Number.POSITIVE_INFINITY;
  if (unbounded && !context.free) rescans.push(set);
  if (node.max === node.min) return undefined;
  const decided = !intersects(set, context.first);
  if (!decided && context.strict) return 'has a quantifier inside a repeated group that overlaps what follows it';
  if (!decided && unbounded && context.unboundedAfter)
    return 'has an unbounded quantifier that overlaps what follows it (characters can be traded)';
  return undefined;
}

function checkGroupRepeat(
  node: Extract<Node, { kind: 'repeat' }>,
  context: Context,
  rescans: CharSet[],
): string | undefined {
  const head = first(node.body);
  const decided = !intersects(head.set, context.first);
  if (node.max === Number.POSITIVE_INFINITY) {
    if (head.empty) return 'repeats a group that can match the empty string';
    if (!decided && (context.strict || context.unboundedAfter))
      return 'repeats a group without bound where what follows starts alike';
    if (!context.free) rescans.push(characters(node.body));
    const loop: Context = {
      first: union(head.set, context.first),
      free: context.free,
      unboundedAfter: true,
      strict: true,
    };
    return check(node.body, loop, rescans);
  }
  if (!decided && context.strict && node.max > node.min)
    return 'has an optional group inside a repeated group that overlaps what follows it';
  const inside: Context =
    node.max > 1
      ? {
          ...context,
          first: union(head.set, context.first),
          unboundedAfter: context.unboundedAfter || hasUnbounded(node.body),
        }
      : context;
  return check(node.body, inside, rescans);
}

function checkSequence(sequence: readonly Node[], outer: Context, rescans: CharSet[]): string | undefined {
  let context = outer;
  for (let index = sequence.length - 1; index >= 0; index--) {
    const node = sequence[index] as Node;
    const problem = check(node, context, rescans);
    if (problem) return problem;
    const head = first(node);
    context = {
      first: head.empty ? union(head.set, context.first) : head.set,
      free: context.free && alwaysEmpty(node),
      unboundedAfter: context.unboundedAfter || hasUnbounded(node),
      strict: context.strict,
    };
  }
  return undefined;
}

/** The node can always match the empty string, with no assertion that could fail. */
function alwaysEmpty(node: Node): boolean {
  if (node.kind === 'repeat') return node.min === 0 || alwaysEmpty(node.body);
  if (node.kind === 'group')
    return !node.look && node.alternatives.some((alternative) => alternative.every(alwaysEmpty));
  return false;
}

/** The characters a node can start with, and whether it can match the empty string. */
function first(node: Node): { set: CharSet; empty: boolean } {
  switch (node.kind) {
    case 'char':
      return { set: node.set, empty: false };
    case 'group': {
      if (node.look) return { set: [], empty: true };
      const heads = node.alternatives.map(firstOfSequence);
      return { set: union(...heads.map((head) => head.set)), empty: heads.some((head) => head.empty) };
    }
    case 'repeat': {
      const head = first(node.body);
      return { set: head.set, empty: node.min === 0 || head.empty };
    }
    default:
      return { set: [], empty: true };
  }
}

function firstOfSequence(sequence: readonly Node[]): { set: CharSet; empty: boolean } {
  const sets: CharSet[] = [];
  for (const node of sequence) {
    const head = first(node);
    sets.push(head.set);
    if (!head.empty) return { set: union(...sets), empty: false };
  }
  return { set: union(...sets), empty: true };
}

function characters(node: Node): CharSet {
  if (node.kind === 'char') return node.set;
  if (node.kind === 'repeat') return characters(node.body);
  if (node.kind === 'group' && !node.look) return union(...node.alternatives.flat().map(characters));
  return [];
}

function hasUnbounded(node: Node): boolean {
  if (node.kind === 'repeat') return node.max === Number.POSITIVE_INFINITY || hasUnbounded(node.body);
  if (node.kind === 'group') return node.alternatives.some((alternative) => alternative.some(hasUnbounded));
  return false;
}

/** Backtracking positions of the bounded parts, multiplied out (a constant per start). */
function paths(node: Node): number {
  const cap = (value: number) => Math.min(maxPaths + 1, value);
  switch (node.kind) {
    case 'group':
      return cap(
        node.alternatives.reduce(
          (total, alternative) => total + alternative.reduce((product, part) => cap(product * paths(part)), 1),
          0,
        ),
      );
    case 'repeat': {
      if (node.max === Number.POSITIVE_INFINITY) return cap(2 * paths(node.body));
      if (node.body.kind === 'char') return node.max - node.min + 1;
      const body = paths(node.body);
      let total = 0;
      for (let count = node.min; count <= node.max && total <= maxPaths; count++) total += body ** count;
      return cap(total);
    }
    default:
      return 1;
  }
}

function startsAnchored(node: Node): boolean {
  if (node.kind !== 'group') return false;
  return node.alternatives.every((alternative) => {
    const head = alternative[0];
    return (
      head !== undefined && (head.kind === 'start' || (head.kind === 'group' && !head.look && startsAnchored(head)))
    );
  });
}

const one = (code: number): CharSet => [[code, code]];
const digit: CharSet = [[48, 57]];
const word: CharSet = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const space: CharSet = union(
  [[9, 13]],
  one(32),
  one(0xa0),
  one(0x1680),
  [[0x2000, 0x200a]],
  [[0x2028, 0x2029]],
  one(0x202f),
  one(0x205f),
  one(0x3000),
  one(0xfeff),
);
const anything: CharSet = [[0, lastCode]];
const lineTerminators: CharSet = union(one(10), one(13), [[0x2028, 0x2029]]);
/** Escapes that stand for one fixed character. */
const singleCodes: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

/** The set with every character's other cases added (and the two non-ASCII folds onto ASCII). */
function caseFolded(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [low, high] of set)
    for (let code = low; code <= Math.min(high, 0x2fff); code++) {
      const text = String.fromCharCode(code);
      for (const other of [text.toLowerCase(), text.toUpperCase()])
        if (other.length === 1 && other !== text) extra.push([other.charCodeAt(0), other.charCodeAt(0)]);
      if (code === 0x73 || code === 0x53) extra.push([0x17f, 0x17f]);
      if (code === 0x6b || code === 0x4b) extra.push([0x212a, 0x212a]);
    }
  return union(set, extra);
}

class RegexParser {
  private index = 0;

  constructor(
    private readonly pattern: string,
    private readonly caseInsensitive: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation(false);
    if (this.index < this.pattern.length) throw new Error(`unexpected ')' at ${this.index}`);
    return node;
  }

  private alternation(look: boolean): Node {
    const alternatives: Node[][] = [[]];
    while (this.index < this.pattern.length && this.pattern[this.index] !== ')') {
      if (this.pattern[this.index] === '|') {
        this.index++;
        alternatives.push([]);
        continue;
      }
      (alternatives.at(-1) as Node[]).push(this.quantified(this.atom()));
    }
    return { kind: 'group', alternatives, look };
  }

  private quantified(atom: Node): Node {
    const rest = this.pattern.slice(this.index);
    const match = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})/.exec(rest);
    if (!match) return atom;
    this.index += match[0].length;
    if (this.pattern[this.index] === '?') this.index++;
    if (atom.kind === 'assert' || atom.kind === 'start') return atom;
    const [min, max] =
      match[1] === '*'
        ? [0, Number.POSITIVE_INFINITY]
        : match[1] === '+'
          ? [1, Number.POSITIVE_INFINITY]
          : match[1] === '?'
            ? [0, 1]
            : [
                Number(match[2]),
                match[3] ? (match[4] ? Number(match[4]) : Number.POSITIVE_INFINITY) : Number(match[2]),
              ];
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): Node {
    const character = this.pattern[this.index++] as string;
    switch (character) {
      case '(':
        return this.group();
      case '[':
        return this.character(this.characterClass());
      case '.':
        return this.character(this.dotAll ? anything : complement(lineTerminators));
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'assert' };
      case '\\':
        return this.escape();
      default:
        return this.character(one(character.charCodeAt(0)));
    }
  }

  private group(): Node {
    const rest = this.pattern.slice(this.index);
    const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(rest);
    if (rest.startsWith('?') && !prefix) throw new Error(`unsupported group syntax at ${this.index}`);
    if (prefix) this.index += prefix[0].length;
    const look = prefix !== null && /^\?(?:=|!|<=|<!)/.test(prefix[0]);
    const node = this.alternation(look);
    if (this.pattern[this.index++] !== ')') throw new Error('unterminated group');
    return node;
  }

  private escape(): Node {
    const character = this.pattern[this.index++];
    if (character === undefined) throw new Error('trailing backslash');
    if (/[1-9]/.test(character)) return { kind: 'backref' };
    if (character === 'k' && this.pattern[this.index] === '<') return { kind: 'backref' };
    if (character === 'b' || character === 'B') return { kind: 'assert' };
    return this.character(this.escapedSet(character));
  }

  private escapedSet(character: string): CharSet {
    switch (character) {
      case 'd':
        return digit;
      case 'D':
        return complement(digit);
      case 'w':
        return word;
      case 'W':
        return complement(word);
      case 's':
        return space;
      case 'S':
        return complement(space);
      case 'p':
      case 'P':
        this.index = this.pattern.indexOf('}', this.index) + 1;
        return anything;
      case 'x':
      case 'u': {
        const hex = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/.exec(this.pattern.slice(this.index));
        if (!hex) return one(character.charCodeAt(0));
        this.index += hex[0].length;
        const value = Number.parseInt((hex[1] ?? hex[2] ?? hex[3]) as string, 16);
        return value > lastCode ? anything : one(value);
      }
      case 'c':
        this.index++;
        return anything;
      default:
        return one(singleCodes[character] ?? character.charCodeAt(0));
    }
  }

  private characterClass(): CharSet {
    const negated = this.pattern[this.index] === '^';
    if (negated) this.index++;
    let set: CharSet = [];
    while (this.index < this.pattern.length && this.pattern[this.index] !== ']') {
      const low = this.classMember();
      if (this.pattern[this.index] === '-' && this.pattern[this.index + 1] !== ']' && typeof low === 'number') {
        this.index++;
        const high = this.classMember();
        if (typeof high !== 'number') throw new Error('class range with an escape class');
        set = union(set, [[low, high]]);
      } else set = union(set, typeof low === 'number' ? one(low) : low);
    }
    if (this.pattern[this.index++] !== ']') throw new Error('unterminated character class');
    return negated ? complement(set) : set;
  }

  private classMember(): number | CharSet {
    if (this.index >= this.pattern.length) throw new Error('unterminated character class');
    const character = this.pattern[this.index++] as string;
    if (character !== '\\') return character.charCodeAt(0);
    const escaped = this.pattern[this.index++] as string;
    if (escaped === 'b') return 8;
    if (escaped === 'x' || escaped === 'u') {
      const hex = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/.exec(this.pattern.slice(this.index));
      if (hex) {
        this.index += hex[0].length;
        return Math.min(0xffff, Number.parseInt((hex[1] ?? hex[2] ?? hex[3]) as string, 16));
      }
    }
    const set = this.escapedSet(escaped);
    return singleCodes[escaped] ?? (/[dDwWsSpPxuc]/.test(escaped) ? set : escaped.charCodeAt(0));
  }

  private character(set: CharSet): Node {
    return { kind: 'char', set: this.caseInsensitive ? caseFolded(set) : set };
  }
}
