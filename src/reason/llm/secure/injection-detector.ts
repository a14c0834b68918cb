/**
 * Finds instruction-like text planted in log fields (user agents, command lines, file names,
 * DNS queries, email subjects, messages): an attempt to steer an AI analyst is attacker
 * activity in its own right, so each finding becomes an alert. Detection reads a canonical
 * form of the text (Unicode-normalised, hidden characters removed) field by field and the
 * event's fields joined, which catches instructions split across fields.
 */
import { createHash } from 'node:crypto';
import type { Alert, Event } from '../../../core/index.js';
import { compileLinearRegex, type GuardedRegex } from '../../../guard/index.js';
import { canonicalText, hasHiddenCharacters } from './neutralise-text.js';

export type InjectionTechnique =
  | 'override-instructions'
  | 'role-play'
  | 'chat-template-token'
  | 'fake-delimiter'
  | 'verdict-manipulation'
  | 'action-request'
  | 'hidden-characters';

export interface InjectionFinding {
  eventId: string;
  /** Field path (`http.userAgent`, `fields.CommandLine`) or `(joined fields)`. */
  field: string;
  technique: InjectionTechnique;
  /** The matched text, canonicalised and capped at 120 characters. */
  excerpt: string;
}

/**
 * Patterns over canonical text (lower case, separators `_ - . + %20` read as spaces). Two run on
 * the linear engine: on V8 they rescan from every start (`trust-trust-…` before a long label:
 * 0.6 s for 30 KB, quadratic).
 */
const patterns: Array<{ technique: InjectionTechnique; pattern: Pick<GuardedRegex, 'exec'> | RegExp }> = [
  {
    technique: 'override-instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass|skip)\b.{0,30}\b(previous|prior|above|earlier|all|any|your|the|system|safety)\b.{0,30}\b(instructions?|prompts?|rules|guidelines|context|polic(y|ies)|directives?)\b/,
  },
  {
    technique: 'override-instructions',
    pattern: /\b(new|updated|real|actual) (instructions?|task|orders?|directive)\s*:/,
  },
  { technique: 'override-instructions', pattern: /\b(do not|don't|never) (report|flag|alert|mention|escalate|log)\b/ },
  {
    technique: 'role-play',
    pattern:
      /\b(you are now|act as|pretend (to be|you are)|role ?play|from now on,? you|as an ai|you must now|simulate being|developer mode|jailbreak|dan mode)\b/,
  },
  {
    technique: 'chat-template-token',
    pattern: compileLinearRegex(
      /(<\|im_(start|end)\|>|<\|(system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?inst\]|<<\/?sys>>|<\/?s>|^\s*(system|assistant)\s*:|\n\s*(system|assistant)\s*:|###\s*(instruction|system|response))/
        .source,
    ),
  },
  {
    technique: 'fake-delimiter',
    pattern:
      /(<<<\s*(end|begin)\b|vigil-data|end of (data|log|evidence)|<\/(data|evidence|log)>|"role"\s*:\s*"(system|assistant)"|\}\s*\]\s*\}\s*(system|assistant|instruction|note))/,
  },
  {
    technique: 'verdict-manipulation',
    pattern:
      /\b(mark|classify|label|treat|report|consider|flag|set)\b.{0,40}\b(as )?(benign|harmless|safe|false positive|legitimate|not malicious|low severity|closed|resolved)\b/,
  },
  {
    technique: 'verdict-manipulation',
    pattern:
      /\b(this|the) (incident|alert|event|activity|host|file) is (benign|safe|harmless|authori[sz]ed|a false positive)\b/,
  },
  {
    technique: 'action-request',
    pattern:
      /\b(approve|auto ?approve|accept|authori[sz]e|execute|run) (all|every|each|any|the pending)\b.{0,20}\b(actions?|requests?|proposals?|changes?|steps?)?/,
  },
  {
    technique: 'action-request',
    pattern:
      /\b(please |now |immediately |you must |assistant,? )?(block|isolate|quarantine|disable|shut ?down|wipe|delete|unblock|allowlist|whitelist|reset|kill)\b.{0,30}\b(8[.-]8[.-]8[.-]8|1[.-]1[.-]1[.-]1|domain controllers?|dc\d*|all (hosts|users|accounts|servers|traffic)|the (firewall|proxy|edr|siem|admin|administrator)|every (host|user|account))\b/,
  },
  { technique: 'action-request', pattern: /\b(skip|bypass|without) (the )?(approval|policy|review|human|analyst)\b/ },
  {
    technique: 'action-request',
    pattern: compileLinearRegex(
      /\b(unblock|allow ?list|white ?list|exclude|trust)\b.{0,20}\b(the (domain|ip|address|host|proxy|sender)|\d{1,3}(\.\d{1,3}){3}|[a-z0-9-]+(\.[a-z0-9-]+)+)/
        .source,
    ),
  },
];

/** Words that open an instruction: only fields holding one are paired with the others. */
const triggerWords =
  /\b(ignore|disregard|forget|override|bypass|skip|you are|act as|pretend|mark|classify|label|treat|report|consider|approve|auto ?approve|execute|block|isolate|quarantine|disable|shut ?down|wipe|unblock|allow ?list|white ?list|reset|kill|system|assistant|<\|)/;

/** Canonical text with the separators attackers use in DNS names and URLs read as spaces. */
function detectorText(text: string): string {
  return canonicalText(text.replace(/%20|\+/g, ' ')).replace(/[_.-](?=[a-z])/g, ' ');
}

function stringsOf(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) stringsOf(item, `${path}[${index}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) stringsOf(inner, path ? `${path}.${key}` : key, out);
  }
}

/** The event's log-derived strings, by field path (the raw record and ids left out: they repeat the fields). */
export function untrustedStrings(event: Event): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const { id: _id, raw: _raw, timestamp: _timestamp, origin: _origin, observables: _observables, ...rest } = event;
  stringsOf(rest, '', out);
  return [...new Map(out.map(([path, value]) => [value, path] as const))].map(([value, path]) => [path, value]);
}

export function detectInjectionInText(text: string): Array<{ technique: InjectionTechnique; excerpt: string }> {
  const found: Array<{ technique: InjectionTechnique; excerpt: string }> = [];
  if (hasHiddenCharacters(text) && /[a-z]{3}/i.test(text)) {
    found.push({ technique: 'hidden-characters', excerpt: canonicalText(text).slice(0, 120) });
  }
  const canonical = detectorText(text);
  for (const { technique, pattern } of patterns) {
    const match = pattern.exec(canonical) ?? pattern.exec(canonicalText(text));
    if (match && !found.some((finding) => finding.technique === technique)) {
      found.push({ technique, excerpt: (match[0] ?? '').slice(0, 120) });
    }
  }
  return found;
}

export function detectInjectionAttempts(events: Iterable<Event>): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  for (const event of events) {
    const strings = untrustedStrings(event);
    const techniques = new Set<InjectionTechnique>();
    for (const [field, value] of strings) {
      for (const hit of detectInjectionInText(value)) {
        techniques.add(hit.technique);
        findings.push({ eventId: event.id, field, technique: hit.technique, excerpt: hit.excerpt });
      }
    }
    // Instructions split across fields: read each field that starts an instruction with each other field.
    const starters = strings.filter(([, value]) => triggerWords.test(detectorText(value)));
    for (const [firstField, first] of starters) {
      for (const [secondField, second] of strings) {
        if (secondField === firstField) continue;
        for (const hit of detectInjectionInText(`${first} ${second}`)) {
          if (techniques.has(hit.technique)) continue;
          techniques.add(hit.technique);
          findings.push({
            eventId: event.id,
            field: `${firstField} + ${secondField}`,
            technique: hit.technique,
            excerpt: hit.excerpt,
          });
        }
      }
    }
  }
  return findings;
}

export const injectionRuleId = 'vigil.llm.prompt-injection-attempt';

/** One alert per event with findings: an attempt to steer the AI analyst is attacker activity. */
export function injectionAlerts(findings: readonly InjectionFinding[], events: ReadonlyMap<string, Event>): Alert[] {
  const byEvent = new Map<string, InjectionFinding[]>();
  for (const finding of findings) byEvent.set(finding.eventId, [...(byEvent.get(finding.eventId) ?? []), finding]);
  const alerts: Alert[] = [];
  for (const [eventId, eventFindings] of byEvent) {
    const event = events.get(eventId);
    if (!event) continue;
    const techniques = [...new Set(eventFindings.map((finding) => finding.technique))];
    alerts.push({
      id: `alert--${createHash('sha256').update(`${injectionRuleId}|${eventId}`).digest('hex').slice(0, 32)}`,
      source: 'other',
      ruleId: injectionRuleId,
      ruleTitle: 'Prompt-injection attempt in log data',
      severity: 'medium',
      timestamp: event.timestamp,
      eventIds: [eventId],
      techniques: [],
      tactics: [],
      cves: [],
      description: `Instruction-like text aimed at an AI analyst (${techniques.join(', ')}) in ${[
        ...new Set(eventFindings.map((finding) => finding.field)),
      ].join(', ')}; MITRE ATLAS AML.T0051 (LLM prompt injection).`,
    });
  }
  return alerts;
}
