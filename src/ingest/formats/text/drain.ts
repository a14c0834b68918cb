/**
 * Drain (He et al., ICWS 2017): online log template mining with a fixed-depth parse tree. Messages
 * are grouped by token count, then by their first tokens, then matched against the clusters of that
 * leaf by token similarity; a match generalises the cluster's template (differing tokens become
 * `<*>`), a miss creates a cluster. As in Drain, tokens with a digit route through the tree's
 * wildcard branch; in place of Drain's per-dataset regular expressions, tokens that are plainly
 * variables (numbers, hex, IP addresses with or without a port, times, month and day names) are
 * masked before matching.
 */

export const wildcard = '<*>';

export interface DrainOptions {
  /** Tree depth including the root and length layers (Drain's `depth`, default 4). */
  depth?: number;
  /** Similarity threshold to join a cluster (default 0.4). */
  similarityThreshold?: number;
  /** Children per internal node before new tokens share a wildcard child (default 100). */
  maxChildren?: number;
  /** Clusters kept; past it, unmatched messages go to one overflow template (default 20,000). */
  maxClusters?: number;
}

export interface TemplateMatch {
  /** Stable within one miner: `T` and the cluster's creation number. */
  templateId: string;
  /** The cluster's template after this message was added. */
  template: string;
  /** The message's tokens where the template has `<*>`. */
  parameters: string[];
}

interface Cluster {
  id: string;
  tokens: string[];
  size: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

const hasDigit = /\d/;
const variableToken =
  /^(?:[-+]?\d+(?:\.\d+)?|0x[0-9a-f]+|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?|[0-9a-f]{8,}|\d+(?:[.:/_-]\d+)+)$/i;

/** Month and weekday names: parts of times embedded in messages, so variables too. */
const calendarWord = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)$/i;

/** A token that is a variable: a plain number, hex, IP[:port], time, or a word of digits and punctuation. */
function maskToken(token: string): string {
  if (!hasDigit.test(token)) return calendarWord.test(token) ? wildcard : token;
  if (variableToken.test(token)) return wildcard;
  // Words such as `ssh2`, `eth0` or `x86_64` are constants; anything else with digits in it is a value.
  return /^[a-z][a-z_-]*\d{1,2}$/i.test(token) ? token : wildcard;
}

function newNode(): TreeNode {
  return { children: new Map(), clusters: [] };
}

export function tokenize(message: string): string[] {
  return message
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '');
}

export class DrainTemplateMiner {
  private readonly root = newNode();
  private readonly depth: number;
  private readonly similarityThreshold: number;
  private readonly maxChildren: number;
  private readonly maxClusters: number;
  private clusterCount = 0;

  constructor(options: DrainOptions = {}) {
    this.depth = Math.max(3, options.depth ?? 4);
    this.similarityThreshold = options.similarityThreshold ?? 0.4;
    this.maxChildren = options.maxChildren ?? 100;
    this.maxClusters = options.maxClusters ?? 20_000;
  }

  get size(): number {
    return this.clusterCount;
  }

  /** Adds a message and tells which template it belongs to. */
  add(message: string): TemplateMatch {
    const tokens = tokenize(message);
    const masked = tokens.map(maskToken);
    const leaf = this.leafFor(masked);
    let best: Cluster | undefined;
    let bestScore = -1;
    let bestWildcards = -1;
    for (const cluster of leaf.clusters) {
      const [score, wildcards] = similarity(cluster.tokens, masked);
      if (score > bestScore || (score === bestScore && wildcards > bestWildcards)) {
        best = cluster;
        bestScore = score;
        bestWildcards = wildcards;
      }
    }
    if (best && bestScore >= this.similarityThreshold) {
      best.tokens = best.tokens.map((token, index) => (token === masked[index] ? token : wildcard));
      best.size += 1;
      return matchOf(best, tokens);
    }
    if (this.clusterCount >= this.maxClusters) {
      return { templateId: 'T-overflow', template: masked.join(' '), parameters: [] };
    }
    this.clusterCount += 1;
    const cluster: Cluster = { id: `T${this.clusterCount}`, tokens: masked, size: 1 };
    leaf.clusters.push(cluster);
    return matchOf(cluster, tokens);
  }

  private leafFor(tokens: string[]): TreeNode {
    let node = child(this.root, String(tokens.length), Number.POSITIVE_INFINITY);
    const prefixLength = Math.min(this.depth - 2, tokens.length);
    for (let index = 0; index < prefixLength; index += 1) {
      const token = tokens[index] as string;
      node = child(node, hasDigit.test(token) ? wildcard : token, this.maxChildren);
    }
    return node;
  }
}

/** The child for `key`, created while the node has room; past that, the shared wildcard child. */
function child(node: TreeNode, key: string, maxChildren: number): TreeNode {
  const existing = node.children.get(key);
  if (existing) return existing;
  const limit = node.children.has(wildcard) ? maxChildren : maxChildren - 1;
  const chosen = key === wildcard || node.children.size < limit ? key : wildcard;
  let created = node.children.get(chosen);
  if (!created) {
    created = newNode();
    node.children.set(chosen, created);
  }
  return created;
}

function similarity(template: string[], tokens: string[]): [number, number] {
  let same = 0;
  let wildcards = 0;
  for (let index = 0; index < template.length; index += 1) {
    const token = template[index];
    if (token === wildcard) {
      wildcards += 1;
      // A variable where the template has one counts as alike (Drain3's `include_params`).
      if (tokens[index] === wildcard) same += 1;
    } else if (token === tokens[index]) same += 1;
  }
  return [template.length === 0 ? 1 : same / template.length, wildcards];
}

function matchOf(cluster: Cluster, tokens: string[]): TemplateMatch {
  const parameters: string[] = [];
  cluster.tokens.forEach((token, index) => {
    if (token === wildcard && tokens[index] !== undefined) parameters.push(tokens[index]);
  });
  return { templateId: cluster.id, template: cluster.tokens.join(' '), parameters };
}
