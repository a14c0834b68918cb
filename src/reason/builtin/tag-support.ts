/**
 * Which of a rule's techniques its matched evidence supports. A rule that tags several techniques
 * says "this match may mean any of these"; the event it matched says which. ATT&CK's detection
 * analytics name the log sources each technique is seen in (`WinEventLog:PowerShell`,
 * `WinEventLog:Sysmon`, `WinEventLog:Security`…) and event codes (`EventCode=4662`). Each tag is
 * judged by how closely the matched event is what ATT&CK sees the technique (or its parent) by:
 * exactly (the same log and event code, or the same data component as a Windows analytic reads:
 * ATT&CK's own mapping of log sources to data components, so a Security 4688 and a Sysmon 1 are
 * both a process creation, while a Linux analytic's "Command Execution" is not a script block), in
 * the same log by other events, or not at all. When some tag is seen by exactly the matched event,
 * the tags ATT&CK does not see in that log at all, nor by what it gives, are not what the match
 * shows (a PowerShell script block shows PowerShell, not a file download that ATT&CK sees by
 * process, file and network events). A tag ATT&CK sees in the same log by other events is shown
 * when the incident holds such an event from the same host (a remote service-control call seen as
 * a share access shows service execution when the host's Security log also records the service
 * being installed, 4697; without it, reaching the service manager is all the record shows). Such a
 * tag counts as shown too when choosing: a match no tag is seen by exactly still chooses the tags
 * its host's record shows. A tag in the same log whose events the incident does not hold is kept
 * only when no tag is shown at all (nothing to choose by). A tag is also kept when
 *   - ATT&CK names no Windows log for the technique at all (nothing to judge by), or
 *   - evidence inference on the matched events names the technique's parent.
 * The others stay beside the incident as context, with the reason. Only single-event rules are
 * judged: a correlation or a behaviour analytic names a pattern over many events (a spray, then
 * the logon it won), each tag shown by different events. Only Windows event logs are judged
 * (their channel names are what ATT&CK's log sources name); a rule whose events come from
 * elsewhere, a rule with one technique family, or a rule none of whose tags its evidence supports
 * (nothing to choose by) keeps all its tags.
 */
import type { Alert, Event } from '../../core/index.js';
import type { EvidenceInference } from '../inference/infer-evidence.js';
import type { AttackKnowledge } from '../reasoner.js';

const parentOf = (id: string) => id.split('.')[0]!;
const windowsLog = 'wineventlog:';
/** Words of a Windows log name that say nothing about which log it is. */
const filler = new Set(['', 'microsoft', 'windows', 'operational', 'wineventlog']);

/** The words that name a Windows log: `Microsoft-Windows-Sysmon/Operational` and `WinEventLog:Sysmon` are both `sysmon`. */
export function logWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[-/\s:]+/)
    .filter((word) => !filler.has(word));
}

/** One log is the other, or a part of it (`wmi` and `wmi-activity`). */
function sameLog(left: readonly string[], right: readonly string[]): boolean {
  if (left.length === 0 || right.length === 0) return false;
  const [short, long] = left.length <= right.length ? [left, right] : [right, left];
  return short.every((word, index) => long[index] === word);
}

interface WindowsLog {
  words: string[];
  /** Whether it is a Windows event log (`WinEventLog:…`), whose name a channel can be compared with. */
  windows?: boolean;
  /** Event codes, when the source names them; empty for the whole log. */
  codes: Set<string>;
  /** The data component it gives (`Process Creation`), when ATT&CK names it. */
  component?: string;
  /**
   * Whether a Windows analytic reads it: only then is its data component what a Windows event is
   * compared with (a Linux analytic's "Command Execution" is a shell's audit record, not a
   * PowerShell script block). True when ATT&CK does not say which platforms read it.
   */
  forWindows?: boolean;
}

/** The Windows log and event code an event came from, when it came from one. */
function eventLog(event: Event | undefined): WindowsLog | undefined {
  const channel = event?.origin.dataset;
  if (!event || !channel || event.code === undefined || !/^\d+$/.test(event.code)) return undefined;
  const words = logWords(channel);
  return words.length > 0 ? { words, codes: new Set([event.code]) } : undefined;
}

/** The event codes an ATT&CK log-source channel names (`EventCode=4103, 4104`), none for a free-text channel. */
function channelCodes(channel: string | undefined): Set<string> {
  const codes = new Set<string>();
  const text = (channel ?? '').toLowerCase();
  const start = text.indexOf('eventcode');
  if (start === -1) return codes;
  // A forward scan (no regular expression): `eventcode`, spaces, `=`, then digits, commas and spaces.
  let index = start + 'eventcode'.length;
  while (index < text.length && isSpace(text[index] as string)) index += 1;
  if (text[index] !== '=') return codes;
  index += 1;
  let code = '';
  for (; index < text.length; index += 1) {
    const character = text[index] as string;
    if (character >= '0' && character <= '9') code += character;
    else if (character === ',' || isSpace(character)) {
      if (code !== '') codes.add(code);
      code = '';
    } else break;
  }
  if (code !== '') codes.add(code);
  return codes;
}

function isSpace(character: string): boolean {
  return character === ' ' || character === '\t' || character === '\n' || character === '\r';
}

/** The log sources ATT&CK's analytics see a technique by (its own and its parent's). */
function techniqueLogs(attack: AttackKnowledge, id: string): WindowsLog[] {
  const logs: WindowsLog[] = [];
  for (const techniqueId of new Set([id, parentOf(id)])) {
    for (const source of attack.technique(techniqueId)?.logSources ?? [])
      logs.push({
        words: logWords(source.name),
        windows: source.name.toLowerCase().startsWith(windowsLog),
        codes: channelCodes(source.channel),
        ...(source.dataComponent ? { component: source.dataComponent } : {}),
        forWindows: source.platforms === undefined || source.platforms.includes('Windows'),
      });
  }
  return logs;
}

/** Windows log sources that give a data component: ATT&CK's own mapping, read once per catalogue. */
const componentLogs = new WeakMap<object, WindowsLog[]>();
function componentsOf(attack: AttackKnowledge, log: WindowsLog): Set<string> {
  let known = componentLogs.get(attack);
  if (!known) {
    known = (attack.dataComponentSources?.() ?? [])
      .filter((source) => source.dataComponent && source.name.toLowerCase().startsWith(windowsLog))
      .map((source) => ({
        words: logWords(source.name),
        codes: channelCodes(source.channel),
        component: source.dataComponent!,
      }));
    componentLogs.set(attack, known);
  }
  return new Set(
    known
      .filter((source) => sameLog(log.words, source.words) && [...log.codes].some((code) => source.codes.has(code)))
      .map((source) => source.component!),
  );
}

/**
 * How closely an event is what a log source sees: 2 the same log and event code, or the same data
 * component (a Security 4688 and a Sysmon 1 are both a process creation); 1 the same log; 0 neither.
 */
function closeness(event: WindowsLog, components: ReadonlySet<string>, known: WindowsLog): number {
  if (known.component !== undefined && known.forWindows && components.has(known.component)) return 2;
  if (!known.windows || !sameLog(event.words, known.words)) return 0;
  return [...event.codes].some((code) => known.codes.has(code)) ? 2 : 1;
}

const hostKey = (event: Event | undefined) => event?.host?.name?.toLowerCase().split('.')[0];

/** Each event's host, log and code (`host\nlog\ncode`), of an incident's events: read once per incident. */
const recordedCodes = new WeakMap<ReadonlyMap<string, Event>, Map<string, string[]>>();
function recordedOf(events: ReadonlyMap<string, Event>): Map<string, string[]> {
  let known = recordedCodes.get(events);
  if (!known) {
    known = new Map();
    for (const [id, candidate] of events) {
      const host = hostKey(candidate);
      const log = eventLog(candidate);
      if (host === undefined || !log) continue;
      const key = `${host}\n${log.words.join('-')}\n${[...log.codes][0]}`;
      const ids = known.get(key);
      if (!ids) known.set(key, [id]);
      else if (ids.length < 51) ids.push(id);
    }
    recordedCodes.set(events, known);
  }
  return known;
}

/**
 * Whether the incident holds an event, from one of the hosts the match was on but not one of the
 * matched events, in a log the match came from, that is exactly one of the events ATT&CK sees the
 * technique by in that log (the Security log's 4697 for a service installed): the host's record
 * shows the technique beside the match.
 */
function shownElsewhere(
  seenIn: readonly WindowsLog[],
  matchedLogs: readonly WindowsLog[],
  hosts: ReadonlySet<string>,
  matched: ReadonlySet<string>,
  events: ReadonlyMap<string, Event>,
): boolean {
  const recorded = recordedOf(events);
  for (const known of seenIn) {
    if (!known.windows || !matchedLogs.some((log) => sameLog(log.words, known.words))) continue;
    for (const host of hosts)
      for (const code of known.codes) {
        // The log as the events name it (`security`), which the ATT&CK source's words begin.
        for (const log of matchedLogs) {
          if (!sameLog(log.words, known.words)) continue;
          const ids = recorded.get(`${host}\n${log.words.join('-')}\n${code}`);
          if (ids?.some((id) => !matched.has(id))) return true;
        }
      }
  }
  return false;
}

export interface UnsupportedTag {
  technique: string;
  reason: string;
}

/** The alert's tags its matched evidence does not support (empty when it supports them all, or none). */
export function unsupportedTags(
  alert: Alert,
  techniques: readonly string[],
  events: ReadonlyMap<string, Event>,
  inferences: readonly EvidenceInference[],
  attack: AttackKnowledge | undefined,
): UnsupportedTag[] {
  if (!attack || alert.source !== 'sigma' || new Set(techniques.map(parentOf)).size < 2) return [];
  const logs = new Map<string, WindowsLog>();
  for (const eventId of alert.eventIds.slice(0, 50)) {
    const log = eventLog(events.get(eventId));
    if (!log) continue;
    const key = log.words.join('-');
    const known = logs.get(key);
    if (known) for (const code of log.codes) known.codes.add(code);
    else logs.set(key, log);
  }
  if (logs.size === 0) return [];
  const matched = new Set(alert.eventIds);
  const inferred = new Set(
    inferences.filter((inference) => matched.has(inference.eventId)).map((inference) => parentOf(inference.technique)),
  );
  const components = new Map([...logs.values()].map((log) => [log, componentsOf(attack, log)]));
  const hosts = new Set(alert.eventIds.flatMap((id) => hostKey(events.get(id)) ?? []));
  // Each tag ATT&CK can judge, with how closely the matched events are what it is seen by, and,
  // for one seen in the same log by other events, the event of that host that shows it.
  const judged = techniques.flatMap((technique) => {
    const seenIn = techniqueLogs(attack, technique);
    if (!seenIn.some((known) => known.windows) || inferred.has(parentOf(technique))) return [];
    const level = Math.max(
      ...[...components].flatMap(([log, given]) => seenIn.map((known) => closeness(log, given, known))),
    );
    const beside = level === 1 && shownElsewhere(seenIn, [...logs.values()], hosts, matched, events);
    return [{ technique, level, seenIn, beside }];
  });
  const shown = (item: (typeof judged)[number]) => item.level === 2 || item.beside;
  // Only a match whose record shows one of its tags (the matched event exactly, or the host's
  // events of the same log) chooses among them; otherwise there is nothing to choose by: keep them all.
  if (!judged.some(shown)) return [];
  const evidence = [...components]
    .map(
      ([log, given]) =>
        `the ${log.words.join('-')} log (event ${[...log.codes].sort().join(', ')}${given.size > 0 ? `: ${[...given].sort().join(', ')}` : ''})`,
    )
    .join(' and ');
  const shownTags = judged.filter(shown).map((item) => item.technique);
  return judged
    .filter((item) => !shown(item))
    .map(({ technique, seenIn, level }) => {
      const names = [
        ...new Set(
          seenIn.map(
            (known) =>
              `${known.words.join('-')}${known.codes.size > 0 ? ` ${[...known.codes].join('/')}` : ''}${known.component ? ` (${known.component})` : ''}`,
          ),
        ),
      ]
        .slice(0, 4)
        .join(', ');
      return {
        technique,
        reason:
          level === 0
            ? `"${alert.ruleTitle}" also tags ${technique}, but its evidence is ${evidence}, and ATT&CK's analytics see ${technique} in ${names}, none of it this log or what it gives, while the record shows its other tags (${shownTags.join(', ')}): this match does not show it`
            : `"${alert.ruleTitle}" also tags ${technique}, but its evidence is ${evidence}, and ATT&CK's analytics see ${technique} in this log only by other events (${names}), none of which the incident holds from this host, while the record shows its other tags (${shownTags.join(', ')}): this match does not show it`,
      };
    });
}
