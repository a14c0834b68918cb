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

/** A source field by its Windows name, also where an export nests it (`event_data.X`, winlogbeat 6). */
function stringField(event: Event, name: string): string | undefined {
  const value = event.fields[name] ?? event.fields[`event_data.${name}`] ?? event.fields[`winlog.event_data.${name}`];
  return typeof value === 'string' && value.trim() ? value : undefined;
}

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

export function behaviourTexts(event: Event): BehaviourText[] {
  const texts: BehaviourText[] = [];
  const add = (field: string, text: string | undefined) => {
    if (!text || texts.length >= maxTexts) return;
    const trimmed = text.trim();
    if (trimmed.length >= 4 && !texts.some((known) => known.text === trimmed)) texts.push({ field, text: trimmed });
  };
  const commandLine = event.process?.commandLine ?? stringField(event, 'CommandLine');
  if (commandLine)
    for (const statement of commandStatements(commandLine, { maxStatements: 6 })) add('process.commandLine', statement);
  for (const name of ['ScriptBlockText', 'Payload', 'ContextInfo'])
    for (const statement of commandStatements(stringField(event, name) ?? '', { maxStatements: 8 }))
      add(name, statement);
  const service = stringField(event, 'ServiceName');
  const serviceImage = stringField(event, 'ImagePath') ?? stringField(event, 'ServiceFileName');
  if (service || serviceImage) add('ServiceName', `service ${service ?? ''} ${serviceImage ?? ''}`);
  const task = stringField(event, 'TaskContent');
  if (task) for (const command of taskCommands(task)) add('TaskContent', `schtasks ${command}`);
  for (const name of ['Query', 'Consumer', 'Destination', 'Operation'])
    if (event.code === '19' || event.code === '20' || event.code === '21' || event.code === '5861')
      add(name, stringField(event, name));
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
