import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  actionTargetIssue,
  isFilePath,
  parseFileTarget,
  parseProcessTarget,
  pathsInCommandLine,
  processTargetValue,
  targetValueIssue,
} from './action-target.js';

describe('action targets', () => {
  it('takes the files out of a command line, not the switches', () => {
    expect(pathsInCommandLine('%COMSPEC% /c C:\\Windows\\Temp\\svcupd.exe')).toEqual(['C:\\Windows\\Temp\\svcupd.exe']);
    expect(
      pathsInCommandLine('schtasks.exe /Create /SC ONLOGON /TN "Update" /TR "C:\\Users\\a b\\AppData\\x.exe" /F'),
    ).toEqual(['C:\\Users\\a b\\AppData\\x.exe']);
    expect(
      pathsInCommandLine('rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 684 C:\\dbg.dmp full'),
    ).toEqual(['C:\\Windows\\System32\\comsvcs.dll', 'C:\\dbg.dmp']);
    expect(pathsInCommandLine('/bin/sh -c /tmp/.x/payload --flag')).toEqual(['/bin/sh', '/tmp/.x/payload']);
  });

  it('refuses a command line as a file path', () => {
    expect(isFilePath('%COMSPEC% /c C:\\Windows\\Temp\\svcupd.exe')).toBe(false);
    expect(isFilePath('C:\\Windows\\System32\\cmd.exe /c whoami')).toBe(false);
    expect(isFilePath('C:\\Program Files\\App\\app.exe')).toBe(true);
    expect(actionTargetIssue('quarantine-file', { kind: 'file', value: 'srv:%COMSPEC% /c C:\\x.exe' })).toMatch(
      /one file/,
    );
  });

  it('checks the kind each action names and the value of that kind', () => {
    expect(actionTargetIssue('block-ip', { kind: 'host', value: 'ws01' })).toBe('block-ip cannot target a host');
    expect(actionTargetIssue('block-ip', { kind: 'ip', value: '203.0.113.9' })).toBeUndefined();
    expect(actionTargetIssue('isolate-host', { kind: 'ip', value: '10.0.0.7' })).toBeUndefined();
    expect(actionTargetIssue('isolate-host', { kind: 'user', value: 'bob' })).toBe('isolate-host cannot target a user');
    expect(actionTargetIssue('run-script', { kind: 'process', value: 'ws01:42:C:\\x.exe' })).toBeUndefined();
    expect(actionTargetIssue('block-ip', { kind: 'ip', value: 'host:443' })).toMatch(/not an IP/);
    expect(targetValueIssue('hash', `${'ab'.repeat(31)}zz`)).toMatch(/not a hash/);
    expect(actionTargetIssue('block-ip', { kind: 'ip', value: '203.0.113.999' })).toMatch(/not an IP/);
    expect(actionTargetIssue('kill-process', { kind: 'process', value: 'ws01:?:C:\\x.exe' })).toMatch(/pid/);
    expect(actionTargetIssue('kill-process', { kind: 'process', value: 'ws01:42:C:\\x.exe' })).toBeUndefined();
    expect(actionTargetIssue('reset-credentials', { kind: 'user', value: 'CORP\\adm-jdoe' })).toBeUndefined();
    expect(targetValueIssue('domain', 'evil.example')).toBeUndefined();
    expect(targetValueIssue('domain', '10.0.0.1')).toMatch(/not a domain/);
    expect(targetValueIssue('hash', 'ab'.repeat(32))).toBeUndefined();
  });

  it('reads back what it writes for processes and files', () => {
    const value = processTargetValue({ host: 'srv-file-02.corp.example', pid: 9120, image: 'C:\\Windows\\cmd.exe' });
    expect(parseProcessTarget(value)).toEqual({
      host: 'srv-file-02.corp.example',
      pid: 9120,
      image: 'C:\\Windows\\cmd.exe',
    });
    expect(parseFileTarget('ws01:C:\\Users\\Public\\dbg.dmp')).toEqual({
      host: 'ws01',
      path: 'C:\\Users\\Public\\dbg.dmp',
    });
  });

  test.prop([fc.string({ maxLength: 400 })])('every path found in any command line is one file path', (text) => {
    for (const path of pathsInCommandLine(text)) expect(isFilePath(path)).toBe(true);
  });

  test.prop([
    fc.string({ maxLength: 200 }),
    fc.constantFrom('ip', 'domain', 'user', 'process', 'file', 'hash', 'host'),
  ])('never throws on any value', (value, kind) => {
    const issue = targetValueIssue(kind as 'ip', value);
    expect(issue === undefined || typeof issue === 'string').toBe(true);
  });
});
