/**
 * A guessed password followed by persistence on Linux: a burst of failed SSH logins from one
 * source (at least 10 within 30 minutes), then a successful login from that source, then, on the
 * same host within 24 hours, what an intruder does to stay: a new account, sudo to root, a cron
 * entry, or an SSH key added to `authorized_keys`. The failures alone are not reported here (the
 * Internet-facing SSH of every organisation sees them all day); a user who mistypes a few times
 * never reaches the burst; an admin's sudo or crontab without a guessed login before it is
 * ordinary administration. State: per (host, source) a failure window, per host the latest
 * compromise; at most `limits.keys` of each.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  EvidenceSample,
  findingAlert,
  hostOf,
  hour,
  limitsOf,
  minute,
  timeOf,
} from './analytic.js';

const burst = 10;
const burstWindow = 30 * minute;
const followWindow = 24 * hour;

interface Failures {
  start: number;
  count: number;
  users: CappedSet;
  evidence: EvidenceSample;
}

interface Compromise {
  time: number;
  source: string;
  user: string | undefined;
  loginEventId: string;
  reported: Set<string>;
}

interface Persistence {
  kind: string;
  technique: string;
  tactic: 'persistence' | 'privilege-escalation';
  what: string;
}

function isSshFailure(event: Event): boolean {
  if (event.origin.dataset?.toLowerCase() !== 'sshd' && event.process?.name !== 'sshd') return false;
  if (event.outcome === 'failure') return true;
  const message = event.message ?? '';
  return (
    message.startsWith('Failed password') ||
    message.startsWith('Invalid user') ||
    message.includes('authentication failure')
  );
}

function isSshSuccess(event: Event): boolean {
  if (event.origin.dataset?.toLowerCase() !== 'sshd' && event.process?.name !== 'sshd') return false;
  return event.outcome === 'success' && (event.message ?? '').startsWith('Accepted');
}

/** What the event does to persist or escalate, if anything. */
export function persistenceOf(event: Event): Persistence | undefined {
  const program = (event.origin.dataset ?? event.process?.name ?? '').toLowerCase();
  const command = event.process?.commandLine ?? '';
  const text = `${command}\n${event.message ?? ''}\n${event.file?.path ?? ''}`;
  if (event.action === 'user-account-created' || /\b(useradd|adduser)\b/.test(command))
    return {
      kind: 'account',
      technique: 'T1136.001',
      tactic: 'persistence',
      what: `new local account ${event.targetUser?.name ?? ''}`.trim(),
    };
  if (text.includes('authorized_keys'))
    return { kind: 'ssh-key', technique: 'T1098.004', tactic: 'persistence', what: 'SSH key added to authorized_keys' };
  if (program === 'crontab' || /\bcrontab\b/.test(command) || /\/etc\/cron|\/var\/spool\/cron/.test(text))
    return { kind: 'cron', technique: 'T1053.003', tactic: 'persistence', what: 'cron entry changed' };
  if (program === 'sudo' || event.action === 'sudo')
    return {
      kind: 'sudo',
      technique: 'T1548.003',
      tactic: 'privilege-escalation',
      what: `sudo to ${event.targetUser?.name ?? 'root'}${command ? `: ${command}` : ''}`,
    };
  return undefined;
}

export function createLinuxCompromiseAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const failures = new BoundedMap<string, Failures>(limits.keys);
  const compromised = new BoundedMap<string, Compromise>(limits.keys);
  const id = 'analytic:linux-guessed-login-persistence';

  return {
    id,
    process(event: Event): Alert[] {
      const host = hostOf(event);
      const time = timeOf(event);
      if (host === undefined || !Number.isFinite(time)) return [];
      const source = event.source?.ip;
      if (source !== undefined && isSshFailure(event)) {
        const key = `${host}|${source}`;
        let window = failures.get(key);
        if (window === undefined || time - window.start > burstWindow) {
          window = { start: time, count: 0, users: new CappedSet(64), evidence: new EvidenceSample(limits.evidence) };
          failures.set(key, window);
        }
        window.count++;
        if (event.user?.name) window.users.add(event.user.name);
        window.evidence.add(event.id);
        return [];
      }
      if (source !== undefined && isSshSuccess(event)) {
        const window = failures.get(`${host}|${source}`);
        if (window === undefined || window.count < burst || time - window.start > burstWindow + hour) return [];
        failures.delete(`${host}|${source}`);
        compromised.set(host, { time, source, user: event.user?.name, loginEventId: event.id, reported: new Set() });
        const spray = window.users.size >= 5;
        return [
          findingAlert(
            {
              analytic: id,
              title: 'SSH login succeeded after a burst of failures from the same source',
              severity: 'high',
              confidence: Math.min(0.9, 0.7 + window.count / 500),
              techniques: spray ? ['T1110.003', 'T1078'] : ['T1110.001', 'T1078'],
              tactics: ['credential-access', 'initial-access'],
              timestamp: event.timestamp,
              eventIds: [...window.evidence.ids(), event.id],
              reason: `${window.count} failed SSH logins from ${source} on ${host} for ${window.users.size} account(s) within ${Math.max(1, Math.round((time - window.start) / minute))} min, then an accepted login for ${event.user?.name ?? 'an account'} from the same address`,
            },
            options.attack,
          ),
        ];
      }
      const compromise = compromised.peek(host);
      if (compromise === undefined || time < compromise.time || time - compromise.time > followWindow) return [];
      const persistence = persistenceOf(event);
      if (persistence === undefined || compromise.reported.has(persistence.kind)) return [];
      compromise.reported.add(persistence.kind);
      return [
        findingAlert(
          {
            analytic: id,
            title: `After a guessed SSH login: ${persistence.what}`,
            severity: 'high',
            confidence: 0.8,
            techniques: [persistence.technique],
            tactics: [persistence.tactic],
            timestamp: event.timestamp,
            eventIds: [compromise.loginEventId, event.id],
            reason: `${persistence.what} on ${host} ${Math.round((time - compromise.time) / minute)} min after ${compromise.user ?? 'an account'} logged in over SSH from ${compromise.source} following a burst of failed logins`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return failures.size + compromised.size;
    },
    flush() {
      failures.clear();
      compromised.clear();
      return [];
    },
  };
}
