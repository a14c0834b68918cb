/**
 * Theft of an AD FS farm's token-signing key, the first step of a Golden SAML attack (T1552.004
 * Private Keys, used to forge SAML tokens, T1606.002). AD FS keeps its token-signing and
 * decryption certificates, encrypted, in its configuration database; the key that decrypts them
 * (the Distributed Key Manager master key) is the `thumbnailPhoto` attribute of a contact object
 * in the farm's DKM container in Active Directory. A thief needs both, and leaves two traces:
 *
 * - on the AD FS server, a connection to the Windows Internal Database's query pipe
 *   (`\MICROSOFT##WID\tsql\query`, Sysmon 17/18) by a program that is not part of AD FS, its
 *   database or the tools that manage them (the AD FS service host, SQL Server's own processes,
 *   the service host, the management console, remote PowerShell's host, the Entra Connect and
 *   Connect Health agents, the Defender for Identity sensor): medium, since an administrator's
 *   script may read the configuration too;
 * - on a domain controller whose DKM container is audited, a read of a contact object's
 *   `thumbnailPhoto` (Security 4662, object server `DS`, read-property access, the contact class
 *   and the attribute named by their schema GUIDs) by a user account: high. The AD FS service
 *   reads its key as a group-managed service account or the computer (names ending in `$`); a
 *   farm whose service runs as an ordinary user account shows that account here, which the
 *   reason names so the analyst can tell it apart.
 *
 * Reported once per host and program (pipe) or per host and account (key read). State: the
 * findings already reported, at most `limits.keys`, least recently used forgotten first.
 */
import type { Alert, Event } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, fieldText, findingAlert, hostOf } from './analytic.js';
import { programName } from './program-name.js';
import { reportingOnce } from './report-once.js';

const databasePipe = '\\microsoft##wid\\tsql\\query';
/** Programs that use the AD FS configuration database in their ordinary work. */
const databaseClients = new Set([
  'microsoft.identityserver.servicehost.exe',
  'sqlservr.exe',
  'sqlwriter.exe',
  'svchost.exe',
  'mmc.exe',
  'wsmprovhost.exe',
  'azureadconnect.exe',
  'microsoft.identity.health.adfs.pshsurrogate.exe',
  'microsoft.tri.sensor.exe',
  'tssdis.exe',
]);
/** Schema GUIDs: the `contact` class and the `thumbnailPhoto` attribute. */
const contactClass = '5cb41ed0-0e4c-11d0-a286-00aa003049e2';
const thumbnailPhoto = '8d3bca50-1d7e-11d0-a081-00aa006c33ed';
/** Read Property (ADS_RIGHT_DS_READ_PROP). */
const readProperty = 0x10;

/** The account a 4662 names: `DOMAIN\name` when the domain is given. */
function subjectOf(event: Event): string | undefined {
  const name = fieldText(event.fields.SubjectUserName) ?? event.user?.name;
  if (name === undefined) return undefined;
  const domain = fieldText(event.fields.SubjectDomainName);
  return domain ? `${domain}\\${name}` : name;
}

function readsKey(event: Event): boolean {
  if (event.code !== '4662' || fieldText(event.fields.ObjectServer)?.toUpperCase() !== 'DS') return false;
  const type = fieldText(event.fields.ObjectType)?.toLowerCase() ?? '';
  const properties = fieldText(event.fields.Properties)?.toLowerCase() ?? '';
  const mask = Number.parseInt(fieldText(event.fields.AccessMask) ?? '', 16);
  return (
    type.includes(contactClass) &&
    properties.includes(thumbnailPhoto) &&
    Number.isFinite(mask) &&
    (mask & readProperty) !== 0
  );
}

export function createFederationKeyTheftAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const id = 'analytic:federation-key-theft';
  return reportingOnce(id, options, (event: Event, once): Alert[] => {
    const code = event.code;
    if (code !== '17' && code !== '18' && code !== '4662') return [];
    const host = hostOf(event) ?? '';
    if (code === '4662') {
      if (!readsKey(event)) return [];
      const account = subjectOf(event);
      if (account === undefined || account.endsWith('$')) return [];
      if (!once(`key|${host}|${account.toLowerCase()}`)) return [];
      return [
        findingAlert(
          {
            analytic: id,
            title: 'AD FS key-encryption (DKM) key read from Active Directory by a user account',
            severity: 'high',
            confidence: 0.8,
            techniques: ['T1552.004'],
            tactics: ['credential-access'],
            timestamp: event.timestamp,
            eventIds: [event.id],
            identity: ['key', host, account.toLowerCase()],
            reason: `on ${host || 'its domain controller'}: ${account} read the thumbnailPhoto attribute of a contact object (event 4662, access ${fieldText(event.fields.AccessMask)}), where AD FS keeps the master key that decrypts its token-signing certificate; the AD FS service reads it as a managed service or computer account (name ending in $), ${account} is neither`,
          },
          options.attack,
        ),
      ];
    }
    const pipe = fieldText(event.fields.PipeName)?.toLowerCase();
    if (pipe !== databasePipe) return [];
    const executable = event.process?.executable ?? fieldText(event.fields.Image);
    const program = programName(executable);
    if (program === undefined || databaseClients.has(program)) return [];
    if (!once(`pipe|${host}|${executable!.toLowerCase()}`)) return [];
    return [
      findingAlert(
        {
          analytic: id,
          title: 'AD FS configuration database read through its pipe by a program outside AD FS',
          severity: 'medium',
          confidence: 0.6,
          techniques: ['T1552.004'],
          tactics: ['credential-access'],
          timestamp: event.timestamp,
          eventIds: [event.id],
          identity: ['pipe', host, executable!.toLowerCase()],
          reason: `on ${host || 'its host'}: ${executable} connected to the Windows Internal Database query pipe (event ${code}), which holds the AD FS configuration and its encrypted token-signing certificate; ${program} is not AD FS, its database or a tool that manages them`,
        },
        options.attack,
      ),
    ];
  });
}
