/**
 * The behaviour an event carries, as short texts to infer techniques from, each with the field
 * it came from: process command lines (per command), PowerShell script blocks and module logs
 * (per statement), services, scheduled tasks, WMI subscriptions, registry writes, file writes,
 * logons, network flows, DNS queries and Linux auth and audit records. Bounded per event.
 */
import type { Event } from '../../core/index.js';
import { commandStatements } from './command-statements.js';
import { fieldValueWord } from './evidence-examples.js';

export interface BehaviourText {
  /** The event field the text came from (`process.commandLine`, `ScriptBlockText`, …). */
  field: string;
  text: string;
}

const maxTexts = 12;

/** The keys a Windows field may have: its name, and where an export nests it (`event_data.X`, winlogbeat 6). */
const fieldKeys = (name: string) => [name, `event_data.${name}`, `winlog.event_data.${name}`] as const;
type FieldKeys = ReturnType<typeof fieldKeys>;

/** A source field by its keys (`fieldKeys`, made once per name: every event asks for the same ones). */
function stringField(event: Event, [name, nested, winlogbeat]: FieldKeys): string | undefined {
  const fields = event.fields;
  const value = fields[name] ?? fields[nested] ?? fields[winlogbeat];
  return typeof value === 'string' && value.trim() ? value : undefined;
}

const commandLineKeys = fieldKeys('CommandLine');
const scriptKeys = (['ScriptBlockText', 'Payload', 'ContextInfo'] as const).map((name) => ({
  name,
  keys: fieldKeys(name),
}));
const serviceNameKeys = fieldKeys('ServiceName');
const imagePathKeys = fieldKeys('ImagePath');
const serviceFileNameKeys = fieldKeys('ServiceFileName');
const taskContentKeys = fieldKeys('TaskContent');
const wmiKeys = (['Query', 'Consumer', 'Destination', 'Operation'] as const).map((name) => ({
  name,
  keys: fieldKeys(name),
}));

const baseName = (path: string | undefined) => path?.split(/[\\/]/).pop();

/** Commands named in a scheduled task's XML definition. */
function taskCommands(xml: string): string[] {
  const commands: string[] = [];
  for (const match of xml
    .slice(0, 20_000)
    .matchAll(/<Command>([^<]{1,500})<\/Command>(?:\s*<Arguments>([^<]{0,1000})<\/Arguments>)?/g))
    commands.push(`${match[1]} ${match[2] ?? ''}`.trim());
  return commands;
}

/**
 * A PowerShell module or pipeline log's details (4103 `Payload`, 800 `Details`) as the commands it
 * records: each `CommandInvocation(Name)` with the parameters its `ParameterBinding(Name)` lines
 * bind, `Name -Parameter value …`. A bound value alone ('value="Clear-DnsClientCache"') is a name
 * handed to a command (a module exporting its functions), not a command run. Undefined when the
 * text has none of these lines (then it is read as a script).
 */
export function powerShellInvocations(text: string, maxInvocations = 8): string[] | undefined {
  const invocations: Array<{ name: string; text: string }> = [];
  for (const line of text.slice(0, 20_000).split('\n')) {
    const trimmed = line.trim();
    const open = trimmed.indexOf('(');
    const close = trimmed.indexOf('):', open);
    if (open < 0 || close < 0) continue;
    const kind = trimmed.slice(0, open);
    const name = trimmed.slice(open + 1, close);
    if (kind === 'CommandInvocation') {
      if (invocations.length >= maxInvocations) break;
      invocations.push({ name, text: name });
    } else if (kind === 'ParameterBinding') {
      const current = invocations.at(-1);
      if (!current || current.name !== name || current.text.length > 600) continue;
      const rest = trimmed.slice(close + 2);
      const nameAt = rest.indexOf('name="');
      const valueAt = rest.indexOf('value="');
      if (nameAt < 0 || valueAt < 0) continue;
      const parameter = rest.slice(nameAt + 6, rest.indexOf('"', nameAt + 6));
      const value = rest.slice(valueAt + 7, rest.lastIndexOf('"') > valueAt + 6 ? rest.lastIndexOf('"') : undefined);
      current.text = `${current.text} -${parameter} ${value}`.slice(0, 600);
    }
  }
  return invocations.length > 0 ? invocations.map((invocation) => invocation.text) : undefined;
}

/** Script-language keywords and constants (PowerShell, shells): words that say nothing of what a script does. */
const scriptKeywords = new Set(
  'begin break catch continue do else elseif end exit false filter finally for foreach function if in not null param process return switch then throw trap true try until where while fi done esac local echo'.split(
    ' ',
  ),
);

/** A script statement made only of keywords and variables (`return $false`, `foreach ($m in $members`) does nothing telling. */
function onlyScriptSyntax(statement: string): boolean {
  // A variable with its properties (`$member.Enabled`) is one word.
  const words = statement.toLowerCase().match(/\$[a-z0-9_:]+(?:\.[a-z0-9_]+)*|[a-z0-9_]{2,}/g) ?? [];
  return words.every((word) => word.startsWith('$') || scriptKeywords.has(word));
}

/** A command line that is one bare program path names only the program: its folder is not behaviour. */
function programOnly(statement: string): string {
  const trimmed = statement.trim();
  const bare = trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (bare.includes(' ') || !(bare.includes('\\') || bare.includes('/'))) return statement;
  return baseName(bare) ?? statement;
}

export function behaviourTexts(event: Event): BehaviourText[] {
  const texts: BehaviourText[] = [];
  const add = (field: string, text: string | undefined) => {
    if (!text || texts.length >= maxTexts) return;
    const trimmed = text.trim();
    if (trimmed.length >= 4 && !texts.some((known) => known.text === trimmed)) texts.push({ field, text: trimmed });
  };
  const commandLine = event.process?.commandLine ?? stringField(event, commandLineKeys);
  if (commandLine)
    for (const statement of commandStatements(commandLine, { maxStatements: 6 }))
      add('process.commandLine', programOnly(statement));
  for (const { name, keys } of scriptKeys) {
    // No text has no statements.
    const text = stringField(event, keys);
    if (text === undefined) continue;
    const invocations = name === 'ScriptBlockText' ? undefined : powerShellInvocations(text);
    for (const statement of invocations ?? commandStatements(text, { maxStatements: 8 }))
      if (!onlyScriptSyntax(statement)) add(name, statement);
  }
  const service = stringField(event, serviceNameKeys);
  const serviceImage = stringField(event, imagePathKeys) ?? stringField(event, serviceFileNameKeys);
  if (service || serviceImage) add('ServiceName', `service ${service ?? ''} ${serviceImage ?? ''}`);
  const task = stringField(event, taskContentKeys);
  if (task) for (const command of taskCommands(task)) add('TaskContent', `schtasks ${command}`);
  if (event.code === '19' || event.code === '20' || event.code === '21' || event.code === '5861')
    for (const { name, keys } of wmiKeys) add(name, stringField(event, keys));
  if (event.registry?.key)
    add('registry.key', `${event.registry.key} ${event.registry.data ?? event.registry.value ?? ''}`);
  if (event.file?.path && event.category.includes('file')) add('file.path', event.file.path);
  const logonType = event.auth?.logonType;
  if (logonType)
    add(
      'auth.logonType',
      `${fieldValueWord('logontype', logonType)} logon ${event.outcome} ${event.auth?.method ?? ''} ${baseName(event.process?.executable) ?? ''}`,
    );
  if (event.destination?.port !== undefined && event.category.includes('network'))
    add(
      'destination.port',
      `${fieldValueWord('destinationport', String(event.destination.port))} ${baseName(event.process?.executable) ?? ''} ${event.network?.protocol ?? ''}`,
    );
  if (event.dns?.question?.name)
    add('dns.question.name', `dns query ${event.dns.question.type ?? ''} ${event.dns.question.name}`);
  // A syslog line is its own behaviour text; an audit record's behaviour is in its fields (above).
  if (event.origin.format === 'syslog' && event.origin.dataset !== 'auditd' && event.message)
    add('message', event.message.slice(0, 600));
  return texts;
}
