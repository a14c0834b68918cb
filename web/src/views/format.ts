/**
 * Small display helpers shared by the views.
 *
 * `age` is a short elapsed time for a table cell ("5 min", "3 h", "12 d", "2.1 y"); the non-breaking
 * space keeps number and unit on one line however narrow the column is.
 */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes}\u00a0min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}\u00a0h`;
  const days = Math.round(hours / 24);
  if (days < 365) return `${days}\u00a0d`;
  return `${(days / 365.25).toFixed(1)}\u00a0y`;
}

export const time = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

/** ATT&CK enterprise tactics in kill-chain order. */
export const killChain = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
];

export const title = (text: string): string => text.replace(/-/g, ' ');
