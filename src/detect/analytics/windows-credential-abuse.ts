/**
 * Credential abuse seen at the domain controller (Security 4625, 4768, 4769, 4771, 4776):
 *
 * - password spraying: failed logons from one source against many distinct accounts within an
 *   hour, at most 3 tries per account (a brute force hammers one account; a user who mistypes
 *   fails once or twice on their own account). Many is judged against the source's own history:
 *   at least 10 accounts from any source, or at least 5 accounts the source has never logged on
 *   successfully and at least twice as many as the accounts it has. A workstation is used by one
 *   or a few people, so failing for 5 strangers is not their typing; a terminal server, a kiosk
 *   or a gateway that many people log on through has a long history, and needs the 10. A success
 *   from the same source for a sprayed account afterwards is reported as a valid account obtained;
 * - Kerberoasting: service tickets (4769) encrypted with RC4 (0x17) or DES for at least 3
 *   distinct user-run services (not `krbtgt`, not computer accounts ending in `$`) requested by
 *   one account within an hour: roasting tools ask for many weak tickets at once, while a legacy
 *   application that needs RC4 keeps asking for the same one;
 * - AS-REP roasting: TGTs (4768) issued without pre-authentication (type 0) with RC4 for at least
 *   2 distinct accounts from one source within an hour.
 *
 * State: one record per source or requesting account per pattern, capped sets of accounts and
 * services (256), the accounts each source logged on successfully (capped at 64); at most
 * `limits.keys` keys per table.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  EvidenceSample,
  fieldText,
  findingAlert,
  hour,
  limitsOf,
  timeOf,
} from './analytic.js';

const sprayAccounts = 10;
/** Accounts a source has no history with that make a spray, at least (and twice its known accounts). */
const unfamiliarSprayAccounts = 5;
const historyAccounts = 64;
const sprayTriesPerAccount = 3;
const roastServices = 3;
const asrepAccounts = 2;
const weakTicket = new Set(['0x17', '0x18', '0x1', '0x3']);

interface Window {
  start: number;
  count: number;
  names: CappedSet;
  evidence: EvidenceSample;
  alerted: boolean;
}

function sourceOf(event: Event): string | undefined {
  const address = fieldText(event.fields.IpAddress)?.replace(/^::ffff:/i, '');
  if (address !== undefined && address !== '::1' && address !== '127.0.0.1') return address;
  return fieldText(event.fields.WorkstationName)?.toLowerCase() ?? event.source?.ip;
}

function accountOf(value: unknown): string | undefined {
  return fieldText(value)?.toLowerCase().split('@')[0];
}

function isFailedLogon(event: Event, code: string): boolean {
  if (code === '4625') return true;
  if (code === '4771') return fieldText(event.fields.Status) === '0x18';
  if (code === '4776') return fieldText(event.fields.Status) !== undefined && fieldText(event.fields.Status) !== '0x0';
  return false;
}

export function createWindowsCredentialAbuseAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const sprays = new BoundedMap<string, Window>(limits.keys);
  /** The accounts each source has logged on successfully, in the record so far. */
  const familiar = new BoundedMap<string, CappedSet>(limits.keys);
  const sprayed = new BoundedMap<string, { accounts: CappedSet; evidence: string[]; reported: boolean }>(limits.keys);
  const roasts = new BoundedMap<string, Window>(limits.keys);
  const asreps = new BoundedMap<string, Window>(limits.keys);
  const id = 'analytic:windows-credential-abuse';

  const windowIn = (table: BoundedMap<string, Window>, key: string, time: number): Window => {
    let window = table.get(key);
    if (window === undefined || time - window.start > hour) {
      window = {
        start: time,
        count: 0,
        names: new CappedSet(256),
        evidence: new EvidenceSample(limits.evidence),
        alerted: false,
      };
      table.set(key, window);
    }
    return window;
  };
  const alert = (
    title: string,
    techniques: string[],
    tactics: ('credential-access' | 'initial-access' | 'defense-evasion')[],
    event: Event,
    eventIds: string[],
    confidence: number,
    reason: string,
  ) =>
    findingAlert(
      {
        analytic: id,
        title,
        severity: 'high',
        confidence,
        techniques,
        tactics,
        timestamp: event.timestamp,
        eventIds,
        reason,
      },
      options.attack,
    );

  return {
    id,
    process(event: Event): Alert[] {
      const code = event.code;
      if (code === undefined || !code.startsWith('4') || event.origin.format !== 'windows-json') return [];
      if (
        code !== '4625' &&
        code !== '4771' &&
        code !== '4776' &&
        code !== '4768' &&
        code !== '4769' &&
        code !== '4624'
      )
        return [];
      const time = timeOf(event);
      const source = sourceOf(event);
      const account = accountOf(event.fields.TargetUserName);
      if (!Number.isFinite(time) || account === undefined) return [];

      if (isFailedLogon(event, code) && source !== undefined) {
        const window = windowIn(sprays, source, time);
        window.count++;
        window.names.add(account);
        window.evidence.add(event.id);
        if (window.alerted || window.names.size < unfamiliarSprayAccounts) return [];
        if (window.count > sprayTriesPerAccount * window.names.size) return [];
        const known = familiar.peek(source);
        const strangers = known ? window.names.values().filter((name) => !known.has(name)).length : window.names.size;
        const knownCount = known?.size ?? 0;
        if (window.names.size < sprayAccounts && (strangers < unfamiliarSprayAccounts || strangers < 2 * knownCount))
          return [];
        window.alerted = true;
        sprayed.set(source, { accounts: window.names, evidence: window.evidence.ids(), reported: false });
        return [
          alert(
            'Password spraying: failed logons for many accounts from one source',
            ['T1110.003'],
            ['credential-access'],
            event,
            window.evidence.ids(),
            Math.min(0.9, 0.65 + window.names.size / 100),
            `${window.count} failed logons (event ${code}) from ${source} for ${window.names.size} distinct accounts within ${Math.max(1, Math.round((time - window.start) / 60_000))} min, ${(window.count / window.names.size).toFixed(1)} tries per account; ${strangers} of them never logged on from ${source} before (its history: ${knownCount} account${knownCount === 1 ? '' : 's'})`,
          ),
        ];
      }

      const success =
        (code === '4624' || (code === '4768' && fieldText(event.fields.Status) === '0x0')) && source !== undefined;
      if (success) {
        let history = familiar.get(source);
        if (history === undefined) {
          history = new CappedSet(historyAccounts);
          familiar.set(source, history);
        }
        const spray = sprayed.peek(source);
        if (spray && !spray.reported && spray.accounts.has(account)) {
          spray.reported = true;
          return [
            alert(
              'Logon succeeded for a sprayed account from the spraying source',
              ['T1078', 'T1110.003'],
              ['initial-access', 'credential-access'],
              event,
              [...spray.evidence.slice(0, 5), event.id],
              0.85,
              `${account} logged on (event ${code}) from ${source}, the source that sprayed ${spray.accounts.size} accounts`,
            ),
          ];
        }
        // A computer account or an anonymous session is not a person who uses the source.
        if (!account.endsWith('$') && account !== 'anonymous logon') history.add(account);
      }

      const encryption = fieldText(event.fields.TicketEncryptionType)?.toLowerCase();
      if (code === '4769' && encryption !== undefined && weakTicket.has(encryption)) {
        const service = fieldText(event.fields.ServiceName)?.toLowerCase();
        if (service === undefined || service === 'krbtgt' || service.endsWith('$')) return [];
        if (fieldText(event.fields.Status) !== undefined && fieldText(event.fields.Status) !== '0x0') return [];
        const window = windowIn(roasts, `${account}|${source ?? ''}`, time);
        window.count++;
        window.names.add(service);
        window.evidence.add(event.id);
        if (window.alerted || window.names.size < roastServices) return [];
        window.alerted = true;
        return [
          alert(
            'Kerberoasting: weak (RC4/DES) service tickets for several services requested by one account',
            ['T1558.003'],
            ['credential-access'],
            event,
            window.evidence.ids(),
            Math.min(0.9, 0.7 + window.names.size / 50),
            `${account}${source ? ` from ${source}` : ''} requested ${window.count} service tickets encrypted with ${encryption} for ${window.names.size} services (${window.names.values().slice(0, 5).join(', ')}) within ${Math.max(1, Math.round((time - window.start) / 60_000))} min`,
          ),
        ];
      }

      if (
        code === '4768' &&
        fieldText(event.fields.PreAuthType) === '0' &&
        encryption !== undefined &&
        weakTicket.has(encryption)
      ) {
        const window = windowIn(asreps, source ?? 'unknown', time);
        window.count++;
        window.names.add(account);
        window.evidence.add(event.id);
        if (window.alerted || window.names.size < asrepAccounts) return [];
        window.alerted = true;
        return [
          alert(
            'AS-REP roasting: tickets without pre-authentication for several accounts',
            ['T1558.004'],
            ['credential-access'],
            event,
            window.evidence.ids(),
            0.75,
            `${window.names.size} accounts (${window.names.values().slice(0, 5).join(', ')}) received TGTs without pre-authentication, encrypted with ${encryption}, requested from ${source ?? 'one source'}`,
          ),
        ];
      }
      return [];
    },
    stateKeys() {
      return sprays.size + sprayed.size + familiar.size + roasts.size + asreps.size;
    },
    flush() {
      sprays.clear();
      sprayed.clear();
      familiar.clear();
      roasts.clear();
      asreps.clear();
      return [];
    },
  };
}
