/**
 * Child process for the rule-cache concurrency test: loads the rules of argv[3] with the cache in
 * argv[2] (an engine fingerprint of argv[4]) and prints what it loaded as one JSON line.
 */
import { loadRules } from '../load-rules.js';

const [folder, rules, engine] = process.argv.slice(2) as [string, string, string];
const warnings: string[] = [];
const set = await loadRules([rules], { cache: { folder, engine, warn: (message) => warnings.push(message) } });
process.stdout.write(
  `${JSON.stringify({ rules: set.rules.map((rule) => rule.id), failed: set.failed.length, fromCache: set.fromCache, warnings })}\n`,
);
