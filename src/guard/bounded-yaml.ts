/**
 * YAML from outside (rule files and uploads, playbooks, policies, connector and mapping files, asset
 * inventories, scenarios) parsed within a nesting limit. The `yaml` library composes nodes
 * recursively: a 1,000-level `[[[…]]]` or `- - - … x` either overflows the stack (an error) or, when
 * the overflow lands inside V8's regular-expression compiler, aborts the whole process ("Allocation
 * failed"), which no `try` can catch. Its concrete-syntax parser works with an explicit stack, so
 * the depth is measured on that first, iteratively, and a text over the limit is refused with the
 * line and column of the first collection too deep, before the recursive composer ever sees it.
 *
 * Every reader of YAML in Vigil goes through these three functions (a test checks that nothing
 * else imports the `yaml` parsers); js-yaml, used for rules, has its own depth limit of 100.
 */
import {
  type CST,
  type DocumentOptions,
  type ParseOptions,
  Parser,
  parse,
  parseAllDocuments,
  parseDocument,
  type SchemaOptions,
  type ToJSOptions,
  YAMLParseError,
  Document as YamlDocument,
} from 'yaml';

/** Deepest nesting of mappings and sequences accepted (real configuration stays under 15). */
export const defaultYamlMaxDepth = 64;

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

export interface YamlNestingProblem {
  /** Offset in the text of the first collection deeper than the limit. */
  offset: number;
  line: number;
  column: number;
  message: string;
}

/** Where the text nests collections deeper than `maxDepth`, or undefined when it does not. */
export function yamlNestingProblem(text: string, maxDepth = defaultYamlMaxDepth): YamlNestingProblem | undefined {
  for (const token of new Parser().parse(text)) {
    const offset = firstTooDeep(token, maxDepth);
    if (offset === undefined) continue;
    const { line, column } = linePosition(text, offset);
    return {
      offset,
      line,
      column,
      message: `collections nested deeper than ${maxDepth} levels at line ${line}, column ${column}`,
    };
  }
  return undefined;
}

/** Like `yaml`'s `parseDocument`; a text nested too deeply gives a document whose only error says so. */
export function parseYamlDocument(text: string, options: YamlOptions = {}): ReturnType<typeof parseDocument> {
  const problem = yamlNestingProblem(text);
  if (!problem) return parseDocument(text, options);
  const document = new YamlDocument(null, options) as unknown as ReturnType<typeof parseDocument>;
  document.errors.push(refusal(text, problem, options));
  return document;
}

/** Like `yaml`'s `parseAllDocuments`; a text nested too deeply gives one document with that error. */
export function parseAllYamlDocuments(text: string, options: YamlOptions = {}): YamlDocument.Parsed[] {
  const problem = yamlNestingProblem(text);
  // An empty stream is an empty array (with stream information the readers do not use).
  if (!problem) return parseAllDocuments(text, options) as YamlDocument.Parsed[];
  const document = new YamlDocument(null, options) as unknown as YamlDocument.Parsed;
  document.errors.push(refusal(text, problem, options));
  return [document];
}

/** Like `yaml`'s `parse`: the value of a single document; throws a YAMLParseError when nested too deeply. */
export function parseYaml(text: string, options: YamlOptions & ToJSOptions = {}): unknown {
  const problem = yamlNestingProblem(text);
  if (problem) throw refusal(text, problem, options);
  return parse(text, options);
}

/** The error for a text nested too deeply; the caller's line counter learns the text's lines, as parsing would. */
function refusal(text: string, problem: YamlNestingProblem, options: YamlOptions): YAMLParseError {
  const lineCounter = options.lineCounter;
  if (lineCounter) {
    lineCounter.addNewLine(0);
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
      lineCounter.addNewLine(index + 1);
  }
  return nestingError(problem);
}

function nestingError(problem: YamlNestingProblem): YAMLParseError {
  // BAD_INDENT is the closest of the library's codes; the message says what is wrong.
  return new YAMLParseError([problem.offset, problem.offset + 1], 'BAD_INDENT', problem.message);
}

type Walked = { token: CST.Token; depth: number };

/** The offset of the first collection deeper than `maxDepth` inside `root`, walked without recursion. */
function firstTooDeep(root: CST.Token, maxDepth: number): number | undefined {
  const stack: Walked[] = [{ token: root, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as Walked;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    if (inner > maxDepth) return token.offset;
    for (const item of token.items) {
      if ('key' in item && item.key) stack.push({ token: item.key, depth: inner });
      if (item.value) stack.push({ token: item.value, depth: inner });
    }
  }
  return undefined;
}

function linePosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
