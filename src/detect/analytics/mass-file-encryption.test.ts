import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createMassFileEncryptionAnalytic } from './mass-file-encryption.js';
import { at, windowsEvent } from './test-events.js';

const start = '2025-03-03T03:00:00Z';
const written = (offset: number, path: string, executable: string) =>
  windowsEvent(
    at(start, offset),
    '11',
    'fs1',
    { TargetFilename: path },
    { file: { path }, process: { executable, entityId: executable } },
  );
const run = (events: Event[]) => {
  const analytic = createMassFileEncryptionAnalytic();
  return events.flatMap((event) => analytic.process(event));
};
const folders = ['C:\\Shares\\Finance', 'C:\\Shares\\HR', 'C:\\Shares\\Sales', 'C:\\Users\\ann\\Documents'];
const types = ['docx', 'xlsx', 'pdf', 'jpg'];

describe('mass file encryption', () => {
  it('finds one process appending one extension to many documents across folders, with notes', () => {
    const events: Event[] = [];
    for (let index = 0; index < 120; index++) {
      const folder = folders[index % folders.length]!;
      events.push(
        written(
          index * 500,
          `${folder}\\file${index}.${types[index % 4]}.lockbit3`,
          'C:\\Users\\ann\\AppData\\Local\\Temp\\svc.exe',
        ),
      );
      if (index < folders.length)
        events.push(
          written(index * 500 + 1, `${folder}\\README_RESTORE.txt`, 'C:\\Users\\ann\\AppData\\Local\\Temp\\svc.exe'),
        );
    }
    const alerts = run(events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ techniques: ['T1486'], severity: 'critical', confidence: 0.9 });
  });

  it('does not report a backup writing copies and archives, nor a build writing many kinds of files', () => {
    const events: Event[] = [];
    for (let index = 0; index < 400; index++) {
      const folder = folders[index % folders.length]!.replace('C:\\', 'E:\\Backup\\');
      events.push(
        written(index * 200, `${folder}\\file${index}.${types[index % 4]}`, 'C:\\Program Files\\Backup\\agent.exe'),
      );
    }
    events.push(written(90_000, 'E:\\Backup\\2025-03-03.zip', 'C:\\Program Files\\Backup\\agent.exe'));
    const extensions = ['dll', 'pdb', 'obj', 'json', 'txt.tmp', 'xml.1', 'cs', 'exe'];
    for (let index = 0; index < 300; index++)
      events.push(
        written(
          index * 100,
          `C:\\src\\app\\bin\\m${index % 9}\\out${index}.${extensions[index % extensions.length]}`,
          'C:\\dotnet\\dotnet.exe',
        ),
      );
    expect(run(events)).toEqual([]);
  });
});
