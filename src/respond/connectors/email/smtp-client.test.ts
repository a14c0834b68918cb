import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailConnector } from './email-connector.js';
import { formatMessage, sendMail } from './smtp-client.js';

interface Delivered {
  from: string;
  to: string[];
  data: string;
  auth?: string;
}

/** An SMTP sink on loopback: speaks the server side of RFC 5321 and keeps what it receives. */
function smtpSink(delivered: Delivered[]): Server {
  return createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let current: Delivered = { from: '', to: [], data: '' };
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          delivered.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 2.0.0 queued as 1\r\n');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink.test\r\n250 AUTH PLAIN\r\n');
        else if (verb === 'AUTH') {
          current.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
          socket.write('235 2.7.0 ok\r\n');
        } else if (verb === 'MAIL') {
          current.from = /<(.*)>/.exec(line)?.[1] ?? '';
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 unknown\r\n');
      }
    });
  });
}

describe('SMTP e-mail against an in-process sink on loopback', () => {
  const delivered: Delivered[] = [];
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = smtpSink(delivered);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('delivers a notification with authentication, and the sink receives it intact', async () => {
    const connector = createEmailConnector({
      host: '127.0.0.1',
      port,
      from: 'vigil@cert.example',
      to: ['oncall@cert.example', 'lead@cert.example'],
      username: 'vigil',
      password: 'smtp-pass',
    });
    const output = await connector.execute(
      {
        runId: 'r',
        ref: 'mail',
        actionType: 'notify',
        target: { kind: 'incident', value: 'i1' },
        parameters: { text: 'C2 blocked\n.\nend', subject: 'Incident i1\r\nBcc: victim@evil.example' },
        idempotencyKey: 'k',
      },
      new AbortController().signal,
    );
    expect(output).toMatchObject({ accepted: ['oncall@cert.example', 'lead@cert.example'] });
    const mail = delivered[0]!;
    expect(mail.from).toBe('vigil@cert.example');
    expect(mail.auth).toBe('\0vigil\0smtp-pass');
    expect(mail.data).toContain('Subject: Incident i1 Bcc: victim@evil.example');
    expect(mail.data).not.toMatch(/^Bcc:/m);
    expect(mail.data).toContain('C2 blocked\r\n..\r\nend');
  });

  it('refuses addresses that could smuggle SMTP commands', async () => {
    await expect(
      sendMail(
        { host: '127.0.0.1', port },
        { from: 'a@b.example', to: ['x@y.example>\r\nRCPT TO:<z@evil.example'], subject: 's', text: 't' },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: 'input-invalid' });
    expect(() => formatMessage({ from: 'bad address', to: [], subject: '', text: '' })).toThrow(
      /not a plain e-mail address/,
    );
  });

  it('encodes a non-ASCII subject', () => {
    expect(formatMessage({ from: 'a@b.example', to: ['c@d.example'], subject: 'Vorfall Größe', text: 'x' })).toContain(
      'Subject: =?UTF-8?B?',
    );
  });
});
