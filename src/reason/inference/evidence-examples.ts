/**
 * Labelled examples of attack behaviour for evidence inference, from public knowledge Vigil
 * loads at run time: Atomic Red Team test commands (one example per command), ATT&CK procedure
 * examples (one per sentence), and Sigma rules as weak labels: the values a rule's selections
 * look for, labelled with the rule's technique tags, and the values its filters exclude,
 * labelled benign (the rule author's own list of look-alikes that are not the attack).
 */
import { readFile } from 'node:fs/promises';

import { interpretTags, type TagResolver } from '../../detect/index.js';
import { parseAllYamlDocuments } from '../../guard/index.js';
import { stripCitations } from '../classifier/cti-markup.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import { commandStatements } from './command-statements.js';
import type { AtomicTest } from './read-atomic-red-team.js';

export type EvidenceSource = 'atomic-red-team' | 'attack-procedure' | 'sigma-rule' | 'sigma-filter';

/** The label of examples that describe benign look-alikes. */
export const benignLabel = 'benign';

export interface EvidenceExample {
  text: string;
  /** ATT&CK technique id, or `benign`. */
  technique: string;
  source: EvidenceSource;
  /** The test, actor or rule the example belongs to: the unit of held-out splits. */
  group: string;
  /** What to show as the reason when this example is the nearest one. */
  label: string;
}

/**
 * A PowerShell variable given a literal (`$Value = "cmd.exe /c calc.exe"`): a test's set-up data,
 * used by the statement that follows, not behaviour of its own (an environment variable is
 * behaviour: `$env:HISTFILE = ...`).
 */
const literalAssignment = /^\$(?!env:)[A-Za-z_][\w:]*\s*=\s*(?:"[^"]*"|'[^']*'|[\d.]+)$/i;

export function atomicExamples(tests: readonly AtomicTest[]): EvidenceExample[] {
  const examples: EvidenceExample[] = [];
  for (const test of tests)
    for (const statement of commandStatements(test.command, { maxStatements: 12 })) {
      if (literalAssignment.test(statement)) continue;
      examples.push({
        text: statement,
        technique: test.technique,
        source: 'atomic-red-team',
        group: `atomic:${test.guid}`,
        label: `Atomic Red Team ${test.technique} "${test.name}"`,
      });
    }
  return examples;
}

const sentenceEnd = /(?<=[.!?])\s+(?=[A-Z(])/;

export function procedureExamples(procedures: readonly ProcedureExample[]): EvidenceExample[] {
  const examples: EvidenceExample[] = [];
  for (const procedure of procedures)
    for (const sentence of stripCitations(procedure.text, ' ').split(sentenceEnd).slice(0, 8)) {
      const text = sentence.trim();
      if (text.length < 20) continue;
      examples.push({
        text,
        technique: procedure.technique,
        source: 'attack-procedure',
        group: `actor:${procedure.actorId}`,
        label: `ATT&CK procedure of ${procedure.actorId} for ${procedure.technique}`,
      });
    }
  return examples;
}

/** What sigmaExamples needs of a loaded rule. */
export interface SigmaRuleSource {
  id: string;
  title: string;
  file: string;
  /** Techniques the rule's tags name (resolved to current ids). */
  techniques: readonly string[];
  /** The rule's parsed document, when the loader kept it: its file is then not read again. */
  document?: () => unknown;
  /** The same document as JSON text, when the loader holds it so (`document()` is its parse). */
  documentText?: () => string;
}

/** Field names whose short or numeric values still carry meaning (`LogonType 10`, port 4444). */
export const valueFields = new Set(['logontype', 'destinationport', 'dport', 'grantedaccess', 'status']);

/** A pseudo-word for a field's short value, shared by the examples and by event behaviour text. */
export const fieldValueWord = (field: string, value: string) =>
  `${field.toLowerCase().replace(/[^a-z]/g, '')}${value.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

function selectionTexts(selection: unknown): string[] {
  const values: string[] = [];
  const visit = (node: unknown, field: string) => {
    if (values.length >= 200) return;
    if (typeof node === 'string' || typeof node === 'number') {
      const text = String(node).replace(/\*/g, ' ').trim();
      const name = field.split('|')[0]!.toLowerCase();
      if (valueFields.has(name) && text.length > 0) values.push(fieldValueWord(name, text));
      else if (text.replace(/[^a-z0-9]/gi, '').length >= 4) values.push(text);
    } else if (Array.isArray(node)) for (const item of node) visit(item, field);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) visit(value, key);
  };
  visit(selection, '');
  // A short selection reads as one behaviour; a long list is alternatives, each its own example.
  return values.length <= 6 ? [values.join(' ')] : values;
}

/**
 * One rule file as the Sigma examples read it: its rules (what each names) and its documents
 * (the rules' own, or every document of the file when a rule came without one and the file was
 * read again). `sigmaFileExamples` reads nothing else, so this is what the evidence-model key
 * hashes (evidence-model-key.ts), and documents are parsed only when examples are taken.
 */
export interface SigmaRuleFile {
  file: string;
  rules: ReadonlyArray<Pick<SigmaRuleSource, 'id' | 'title' | 'techniques'>>;
  documents: ReadonlyArray<{ document: () => unknown; text?: (() => string) | undefined }>;
}

/** The rules grouped by file with their documents; a file that cannot be read is skipped (the rule loaded from it already). */
export async function sigmaRuleFiles(rules: readonly SigmaRuleSource[]): Promise<SigmaRuleFile[]> {
  const byFile = new Map<string, SigmaRuleSource[]>();
  for (const rule of rules) byFile.set(rule.file, [...(byFile.get(rule.file) ?? []), rule]);
  const files: SigmaRuleFile[] = [];
  for (const [file, fileRules] of byFile) {
    const named = fileRules.map(({ id, title, techniques }) => ({ id, title, techniques }));
    if (fileRules.every((rule) => rule.document !== undefined)) {
      const documents = fileRules.map((rule) => ({ document: rule.document!, text: rule.documentText }));
      files.push({ file, rules: named, documents });
      continue;
    }
    let values: unknown[];
    try {
      values = parseAllYamlDocuments(await readFile(file, 'utf8')).map((item) => item.toJS({ maxAliasCount: 100 }));
    } catch {
      continue;
    }
    files.push({ file, rules: named, documents: values.map((value) => ({ document: () => value })) });
  }
  return files;
}

/** The examples of one rule file: each selection's values under the rule's techniques, each filter's as benign. */
export function sigmaFileExamples({ rules, documents }: SigmaRuleFile): EvidenceExample[] {
  const examples: EvidenceExample[] = [];
  for (const { document: read } of documents) {
    const document = read();
    const record = (document ?? {}) as { id?: unknown; title?: unknown; detection?: Record<string, unknown> };
    const rule = rules.find((item) => item.id === record.id || item.title === record.title);
    if (!rule || !record.detection || typeof record.detection !== 'object') continue;
    for (const [name, selection] of Object.entries(record.detection)) {
      if (name === 'condition' || name === 'timeframe') continue;
      const benign = /filter|exclu|legit|benign|fp_|falsepositive/i.test(name);
      if (!benign && rule.techniques.length === 0) continue;
      for (const text of selectionTexts(selection))
        for (const technique of benign ? [benignLabel] : rule.techniques)
          examples.push({
            text,
            technique,
            source: benign ? 'sigma-filter' : 'sigma-rule',
            group: `sigma:${rule.id}`,
            label: `Sigma rule "${rule.title}" (${benign ? 'filter' : 'selection'} ${name})`,
          });
    }
  }
  return examples;
}

/** Examples from the rules' documents (their YAML files read again when the loader kept none). */
export async function sigmaExamples(rules: readonly SigmaRuleSource[]): Promise<EvidenceExample[]> {
  return (await sigmaRuleFiles(rules)).flatMap(sigmaFileExamples);
}

/** The rules of a loaded rule set with the techniques their tags name. */
export function sigmaRuleSources(
  rules: ReadonlyArray<
    { id: string; title: string; file: string; tags: readonly string[] } & Pick<
      SigmaRuleSource,
      'document' | 'documentText'
    >
  >,
  attack?: TagResolver,
): SigmaRuleSource[] {
  return rules.map((rule) => ({
    id: rule.id,
    title: rule.title,
    file: rule.file,
    techniques: interpretTags(rule.tags, attack).techniques,
    ...(rule.document ? { document: rule.document } : {}),
    ...(rule.documentText ? { documentText: rule.documentText } : {}),
  }));
}
