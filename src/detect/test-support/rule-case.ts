/**
 * Test cases for Vigil's own rules: each rule title with events that show the behaviour and
 * events of a close benign look-alike, plus builders for the event shapes the rules read.
 */
import type { Event } from '../../core/index.js';
import { makeEvent, syslogEvent, sysmonEvent, windowsEvent } from './make-event.js';

export interface RuleCase {
  readonly title: string;
  readonly positive: () => Event[];
  readonly negative: () => Event[];
}

export const system32 = (name: string) => `C:\\Windows\\System32\\${name}`;
export const powershellPath = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** Sysmon process creation (event 1). */
export function processStart(image: string, commandLine: string, extra: Record<string, unknown> = {}): Event {
  return sysmonEvent(1, { Image: image, CommandLine: commandLine, ...extra });
}

/** PowerShell script block logging (4104). */
export function scriptBlock(text: string): Event {
  return windowsEvent('Microsoft-Windows-PowerShell/Operational', 4104, { ScriptBlockText: text });
}

export function security(eventId: number, fields: Record<string, unknown>, timestamp?: string): Event {
  return windowsEvent('Security', eventId, fields, timestamp);
}

/** Sysmon registry value set (event 13). */
export function registrySet(targetObject: string, details: string, image = system32('reg.exe')): Event {
  return sysmonEvent(13, { EventType: 'SetValue', TargetObject: targetObject, Details: details, Image: image });
}

/** Sysmon file creation (event 11). */
export function fileCreated(image: string, targetFilename: string): Event {
  return sysmonEvent(11, { Image: image, TargetFilename: targetFilename });
}

/** Sysmon for Linux process creation. */
export function linuxProcess(image: string, commandLine: string, extra: Record<string, unknown> = {}): Event {
  return makeEvent({
    fields: { EventID: 1, Channel: 'Linux-Sysmon/Operational', Image: image, CommandLine: commandLine, ...extra },
    dataset: 'Linux-Sysmon/Operational',
  });
}

export { syslogEvent, sysmonEvent, windowsEvent };

export const minute = (index: number) => new Date(Date.UTC(2024, 4, 1, 10, index)).toISOString();
export const second = (index: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, index)).toISOString();
