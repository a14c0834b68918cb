import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createFederationKeyTheftAnalytic } from './federation-key-theft.js';
import { at, windowsEvent } from './test-events.js';

// Written from ATT&CK T1552.004 and T1606.002 (Golden SAML) and from how AD FS stores its keys:
// the token-signing certificate encrypted in the configuration database (the Windows Internal
// Database, reached through its named pipe), the key that decrypts it in the thumbnailPhoto
// attribute of a contact object in AD. Not from any recording: host and account names are made up.
const start = '2025-09-01T10:00:00Z';
const contact = '%{5cb41ed0-0e4c-11d0-a286-00aa003049e2}';
const thumbnail = '{8d3bca50-1d7e-11d0-a081-00aa006c33ed}';
const user = '{bf967aba-0de6-11d0-a285-00aa003049e2}';
let offset = 0;

const keyRead = (account: string, fields: Record<string, unknown> = {}): Event => {
  offset += 1_000;
  return windowsEvent(at(start, offset), '4662', 'dc2.corp.example', {
    SubjectUserName: account,
    SubjectDomainName: 'CORP',
    ObjectServer: 'DS',
    ObjectType: contact,
    ObjectName: '%{1d8a1c3e-5b7f-4c2a-9e61-0f3b2a4c5d6e}',
    AccessMask: '0x10',
    Properties: `%%7684 {77b5b886-944a-11d1-aebd-0000f80367c1} ${thumbnail} ${contact.slice(1)}`,
    ...fields,
  });
};

const pipeConnect = (image: string, host = 'fs1.corp.example', code = '18'): Event => {
  offset += 1_000;
  return windowsEvent(
    at(start, offset),
    code,
    host,
    { PipeName: '\\MICROSOFT##WID\\tsql\\query', Image: image, EventType: 'ConnectPipe' },
    { process: { pid: 4100, executable: image, name: image.split('\\').pop()! } },
  );
};

const run = (events: Event[]) => {
  const analytic = createFederationKeyTheftAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('AD FS token-signing key theft', () => {
  it('reports a user account reading the DKM key, once per account, and a script reading the configuration database', () => {
    const alerts = run([
      keyRead('helpdesk7'),
      keyRead('helpdesk7'),
      pipeConnect('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'),
      pipeConnect('C:\\Users\\helpdesk7\\Downloads\\export.exe', 'fs1.corp.example', '17'),
    ]);
    expect(alerts.map((alert) => [alert.techniques, alert.tactics, alert.severity])).toEqual([
      [['T1552.004'], ['credential-access'], 'high'],
      [['T1552.004'], ['credential-access'], 'medium'],
      [['T1552.004'], ['credential-access'], 'medium'],
    ]);
    expect(alerts[0]!.description).toContain('CORP\\helpdesk7');
    expect(alerts[1]!.description).toContain('powershell.exe');
  });

  it('leaves the AD FS service and its database tools alone', () => {
    expect(
      run([
        keyRead('gmsa-federation$'),
        keyRead('FS1$'),
        pipeConnect('C:\\Windows\\ADFS\\Microsoft.IdentityServer.ServiceHost.exe'),
        pipeConnect('C:\\Windows\\WID\\Binn\\sqlservr.exe'),
        pipeConnect('C:\\Windows\\system32\\mmc.exe'),
        pipeConnect('C:\\Windows\\System32\\wsmprovhost.exe'),
      ]),
    ).toEqual([]);
  });

  it('needs a read of thumbnailPhoto on a contact in the directory, not any object access', () => {
    expect(
      run([
        // A user object's attributes, another attribute of a contact, a write, a file-system object.
        keyRead('helpdesk7', { ObjectType: `%${user}` }),
        keyRead('helpdesk7', { Properties: '%%7684 {bf967a0e-0de6-11d0-a285-00aa003049e2}' }),
        keyRead('helpdesk7', { AccessMask: '0x20' }),
        keyRead('helpdesk7', { ObjectServer: 'Security' }),
        // Another pipe of the same database engine.
        windowsEvent(at(start, 99_000), '18', 'fs1.corp.example', {
          PipeName: '\\MICROSOFT##WID\\sql\\query',
          Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        }),
      ]),
    ).toEqual([]);
  });

  it('keeps its state bounded with a million distinct programs, and still reports', () => {
    const analytic = createFederationKeyTheftAnalytic({ limits: { keys: 1_000 } });
    const base = pipeConnect('C:\\Tools\\reader.exe');
    let reported = 0;
    for (let index = 0; index < 1_000_000; index++) {
      const image = `C:\\Tools\\r${index}.exe`;
      reported += analytic.process({
        ...base,
        process: { executable: image },
        fields: { ...base.fields, Image: image },
      }).length;
      if (index % 100_000 === 0) expect(analytic.stateKeys()).toBeLessThanOrEqual(1_000);
    }
    expect(analytic.stateKeys()).toBe(1_000);
    expect(reported).toBe(1_000_000);
    expect(analytic.process(keyRead('helpdesk9'))).toHaveLength(1);
  }, 300_000); // every one of the million is a new finding (an alert each): 32 s alone, 86 s at load 20
});
