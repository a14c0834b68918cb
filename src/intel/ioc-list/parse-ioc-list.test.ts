import { describe, expect, it } from 'vitest';
import { parseIocList } from './parse-ioc-list.js';

describe('parseIocList', () => {
  it('types each line with the core classifier and drops trailing comments', () => {
    const { indicators, problems } = parseIocList(
      ['2001:db8::1  # v6 C2', '[2001:db8::2]', '198.51.100.0/24\t# range', 'evil[.]example[.]com', '2130706433'].join(
        '\n',
      ),
      'list.txt',
    );
    expect(indicators.map((indicator) => [indicator.type, indicator.value])).toEqual([
      ['ipv6-addr', '2001:db8::1'],
      ['ipv6-addr', '[2001:db8::2]'],
      ['ipv4-addr', '198.51.100.0/24'],
      ['domain-name', 'evil.example.com'],
    ]);
    expect(problems).toEqual([{ line: 5, reason: 'not a recognisable indicator value: "2130706433"' }]);
  });

  it('reads a line of 200,000 spaces and a lone carriage return in one pass', () => {
    const { indicators, problems } = parseIocList(`${' '.repeat(200_000)}x\r${' #'.repeat(50_000)}\n8.8.4.4`, 'l');
    expect(indicators.map((indicator) => indicator.value)).toEqual(['8.8.4.4']);
    expect(problems).toHaveLength(1);
  });
});
