import { UsageError } from '../core/index.js';

/** `host:port`, `[v6]:port` or a bare port (on `defaultHost`); port 0 takes any free port. */
export function listenAddressOf(text: string, defaultHost: string, flag: string): { host: string; port: number } {
  const bracketed = /^\[([0-9A-Fa-f:.]{2,45})\]:(\d{1,5})$/.exec(text);
  const separator = text.lastIndexOf(':');
  const [host, portText] = bracketed
    ? [bracketed[1] as string, bracketed[2] as string]
    : separator === -1
      ? [defaultHost, text]
      : [text.slice(0, separator), text.slice(separator + 1)];
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65_535) || host === '' || (!bracketed && host.includes(':')))
    throw new UsageError(`${flag}: expected host:port, [IPv6]:port or a port from 0 to 65535, not "${text}"`);
  return { host, port };
}
