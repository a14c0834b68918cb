import type { EventCategory } from '../../../core/index.js';

/** ECS meaning of a Windows event id within its channel. */
export interface WindowsEventMeaning {
  category: EventCategory[];
  action: string;
  outcome?: 'success' | 'failure';
}

type Catalog = Record<number, WindowsEventMeaning>;

const meaning = (
  category: EventCategory | EventCategory[],
  action: string,
  outcome?: 'success' | 'failure',
): WindowsEventMeaning => ({
  category: Array.isArray(category) ? category : [category],
  action,
  ...(outcome ? { outcome } : {}),
});

/** Sysmon (Windows and Linux) event ids. */
export const sysmonEvents: Catalog = {
  1: meaning('process', 'process-created'),
  2: meaning('file', 'file-creation-time-changed'),
  3: meaning('network', 'network-connection'),
  4: meaning('configuration', 'sysmon-service-state-changed'),
  5: meaning('process', 'process-terminated'),
  6: meaning('driver', 'driver-loaded'),
  7: meaning('library', 'image-loaded'),
  8: meaning('process', 'create-remote-thread'),
  9: meaning('file', 'raw-access-read'),
  10: meaning('process', 'process-accessed'),
  11: meaning('file', 'file-created'),
  12: meaning('registry', 'registry-key-created-or-deleted'),
  13: meaning('registry', 'registry-value-set'),
  14: meaning('registry', 'registry-key-renamed'),
  15: meaning('file', 'file-stream-created'),
  16: meaning('configuration', 'sysmon-configuration-changed'),
  17: meaning('file', 'pipe-created'),
  18: meaning('file', 'pipe-connected'),
  19: meaning('host', 'wmi-event-filter'),
  20: meaning('host', 'wmi-event-consumer'),
  21: meaning('host', 'wmi-consumer-bound'),
  22: meaning('network', 'dns-query'),
  23: meaning('file', 'file-deleted'),
  24: meaning('host', 'clipboard-changed'),
  25: meaning('process', 'process-tampering'),
  26: meaning('file', 'file-delete-detected'),
  27: meaning('file', 'file-block-executable'),
  28: meaning('file', 'file-block-shredding'),
  29: meaning('file', 'file-executable-detected'),
  255: meaning('configuration', 'sysmon-error'),
};

/** Security channel event ids most detections rely on. */
export const securityEvents: Catalog = {
  1102: meaning('configuration', 'audit-log-cleared'),
  4103: meaning('process', 'powershell-module-logged'),
  4104: meaning('process', 'powershell-script-block-logged'),
  4624: meaning(['authentication', 'session'], 'logged-in', 'success'),
  4625: meaning('authentication', 'logon-failed', 'failure'),
  4634: meaning(['authentication', 'session'], 'logged-out'),
  4647: meaning(['authentication', 'session'], 'logoff-requested'),
  4648: meaning('authentication', 'explicit-credentials-logon'),
  4656: meaning('file', 'object-handle-requested'),
  4657: meaning('registry', 'registry-value-modified'),
  4658: meaning('file', 'object-handle-closed'),
  4661: meaning('iam', 'object-handle-requested'),
  4662: meaning('iam', 'directory-object-operation'),
  4663: meaning('file', 'object-accessed'),
  4670: meaning('iam', 'permissions-changed'),
  4672: meaning('iam', 'special-privileges-assigned'),
  4673: meaning('iam', 'privileged-service-called'),
  4688: meaning('process', 'process-created'),
  4689: meaning('process', 'process-terminated'),
  4697: meaning(['configuration', 'host'], 'service-installed'),
  4698: meaning(['configuration', 'host'], 'scheduled-task-created'),
  4699: meaning(['configuration', 'host'], 'scheduled-task-deleted'),
  4700: meaning(['configuration', 'host'], 'scheduled-task-enabled'),
  4702: meaning(['configuration', 'host'], 'scheduled-task-updated'),
  4719: meaning('configuration', 'audit-policy-changed'),
  4720: meaning('iam', 'user-account-created'),
  4722: meaning('iam', 'user-account-enabled'),
  4723: meaning('iam', 'password-change-attempted'),
  4724: meaning('iam', 'password-reset-attempted'),
  4725: meaning('iam', 'user-account-disabled'),
  4726: meaning('iam', 'user-account-deleted'),
  4728: meaning('iam', 'added-member-to-group'),
  4732: meaning('iam', 'added-member-to-group'),
  4738: meaning('iam', 'user-account-changed'),
  4740: meaning('iam', 'user-account-locked-out'),
  4756: meaning('iam', 'added-member-to-group'),
  4768: meaning('authentication', 'kerberos-tgt-requested'),
  4769: meaning('authentication', 'kerberos-service-ticket-requested'),
  4771: meaning('authentication', 'kerberos-preauthentication-failed', 'failure'),
  4776: meaning('authentication', 'credential-validated'),
  4781: meaning('iam', 'user-account-renamed'),
  4798: meaning('iam', 'group-membership-enumerated'),
  4799: meaning('iam', 'group-membership-enumerated'),
  5136: meaning('configuration', 'directory-object-modified'),
  5140: meaning(['network', 'file'], 'network-share-accessed'),
  5142: meaning(['network', 'file'], 'network-share-added'),
  5145: meaning(['network', 'file'], 'network-share-object-checked'),
  5156: meaning('network', 'network-connection-allowed', 'success'),
  5157: meaning('network', 'network-connection-blocked', 'failure'),
  5158: meaning('network', 'network-bind-allowed'),
};

/** PowerShell channels (Windows PowerShell and Microsoft-Windows-PowerShell/Operational). */
export const powershellEvents: Catalog = {
  400: meaning('process', 'powershell-engine-started'),
  403: meaning('process', 'powershell-engine-stopped'),
  600: meaning('process', 'powershell-provider-started'),
  800: meaning('process', 'powershell-pipeline-executed'),
  4100: meaning('process', 'powershell-error'),
  4103: meaning('process', 'powershell-module-logged'),
  4104: meaning('process', 'powershell-script-block-logged'),
};

/** System channel. */
export const systemEvents: Catalog = {
  104: meaning('configuration', 'event-log-cleared'),
  7034: meaning('host', 'service-crashed'),
  7036: meaning('host', 'service-state-changed'),
  7040: meaning(['configuration', 'host'], 'service-start-type-changed'),
  7045: meaning(['configuration', 'host'], 'service-installed'),
};

/** Meaning of an event id in its channel, or undefined when Vigil does not know it. */
export function meaningOf(channel: string | undefined, eventId: number | undefined): WindowsEventMeaning | undefined {
  if (eventId === undefined) return undefined;
  const name = (channel ?? '').toLowerCase();
  if (name.includes('sysmon')) return sysmonEvents[eventId];
  if (name === 'security') return securityEvents[eventId];
  if (name.includes('powershell')) return powershellEvents[eventId];
  if (name === 'system') return systemEvents[eventId];
  return securityEvents[eventId] ?? systemEvents[eventId];
}
