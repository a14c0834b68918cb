import { describe, expect, it } from 'vitest';
import { programName } from './program-name.js';

describe('programName', () => {
  it('takes the lower-case file name after the last Windows or POSIX separator', () => {
    expect(programName('C:\\Windows\\System32\\MSHTA.EXE')).toBe('mshta.exe');
    expect(programName('/usr/bin/Python3')).toBe('python3');
    expect(programName('C:\\tools/mixed\\Run.Exe')).toBe('run.exe');
    expect(programName('cmd.exe')).toBe('cmd.exe');
  });

  it('gives nothing for no path, and an empty name for a path ending in a separator', () => {
    expect(programName(undefined)).toBeUndefined();
    expect(programName('')).toBeUndefined();
    expect(programName('C:\\Windows\\')).toBe('');
  });
});
