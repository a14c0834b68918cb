import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/index.js';
import { listenAddressOf } from './listen-address.js';

describe('listenAddressOf (vigil serve and ingest-listener --syslog-udp/--syslog-tcp)', () => {
  it('reads host:port, [IPv6]:port and a bare port on the default host', () => {
    expect(listenAddressOf('0.0.0.0:514', '127.0.0.1', '--syslog-udp')).toEqual({ host: '0.0.0.0', port: 514 });
    expect(listenAddressOf('[::1]:6514', '127.0.0.1', '--syslog-tcp')).toEqual({ host: '::1', port: 6514 });
    expect(listenAddressOf('5514', '127.0.0.1', '--syslog-tcp')).toEqual({ host: '127.0.0.1', port: 5514 });
    expect(listenAddressOf('logs.example:0', '127.0.0.1', '--syslog-tcp')).toEqual({ host: 'logs.example', port: 0 });
  });

  it('refuses ports out of range, missing parts and bare IPv6, naming the flag', () => {
    for (const text of ['65536', '-1', 'host:', ':514', '::1:514', 'host:5x', '', '1e3', 'host:99999'])
      expect(() => listenAddressOf(text, '127.0.0.1', '--syslog-udp'), text).toThrow(UsageError);
    expect(() => listenAddressOf('70000', '127.0.0.1', '--syslog-udp')).toThrow(/--syslog-udp: expected host:port/);
  });
});
