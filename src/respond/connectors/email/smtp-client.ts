/**
 * A minimal SMTP client (RFC 5321): EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA with
 * dot-stuffing, QUIT; implicit TLS when `secure`. Header values are stripped of line breaks,
 * so a hostile subject cannot inject headers. STARTTLS is not implemented.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ExternalServiceError, InputInvalidError } from '../../../core/index.js';

export interface SmtpSettings {
  host: string;
  port: number;
  secure?: boolean;
  username?: string | undefined;
  password?: string | undefined;
  /** Name announced in EHLO. */
  clientName?: string;
}

export interface MailMessage {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
}

const addressPattern = /^[^\s<>()",;:\\]+@[A-Za-z0-9.-]+$/;

export function checkAddress(address: string): string {
  if (!addressPattern.test(address))
    throw new InputInvalidError(`not a plain e-mail address: ${JSON.stringify(address).slice(0, 80)}`);
  return address;
}

const headerValue = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();
const encodeHeader = (value: string) => {
  const clean = headerValue(value);
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
};

/** The message as sent after DATA: headers, CRLF line ends, leading dots doubled. */
export function formatMessage(
  message: MailMessage,
  date = new Date(),
  messageId = `${Date.now()}.${Math.random().toString(36).slice(2)}@vigil`,
): string {
  const headers = [
    `From: <${checkAddress(message.from)}>`,
    `To: ${message.to.map((address) => `<${checkAddress(address)}>`).join(', ')}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = message.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n`;
}

class SmtpSession {
  private buffer = '';
  private waiting: ((line: { code: number; text: string }) => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.deliver();
    });
    socket.on('error', (error) => {
      this.failure = error;
      this.deliver();
    });
    socket.on('close', () => {
      this.failure ??= new Error('the SMTP server closed the connection');
      this.deliver();
    });
  }

  private deliver() {
    if (!this.waiting) return;
    const lines = this.buffer.split('\r\n');
    const last = lines.findIndex((line) => /^\d{3} /.test(line));
    if (last >= 0) {
      const reply = { code: Number(lines[last]!.slice(0, 3)), text: lines.slice(0, last + 1).join('\n') };
      this.buffer = lines.slice(last + 1).join('\r\n');
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(reply);
    } else if (this.failure) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ code: 0, text: this.failure.message });
    }
  }

  reply(): Promise<{ code: number; text: string }> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  async expect(command: string | undefined, accepted: readonly number[], what: string): Promise<string> {
    if (command !== undefined) this.socket.write(`${command}\r\n`);
    const reply = await this.reply();
    if (!accepted.includes(reply.code)) {
      throw new ExternalServiceError(`SMTP ${what} refused: ${reply.text.slice(0, 200)}`, {
        retryable: reply.code === 0 || (reply.code >= 400 && reply.code < 500),
      });
    }
    return reply.text;
  }
}

export async function sendMail(
  settings: SmtpSettings,
  message: MailMessage,
  signal: AbortSignal,
): Promise<{ accepted: string[]; response: string }> {
  const data = formatMessage(message);
  const socket = settings.secure
    ? connectTls({ host: settings.host, port: settings.port, servername: settings.host })
    : connectTcp({ host: settings.host, port: settings.port });
  const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  const session = new SmtpSession(socket);
  try {
    await session.expect(undefined, [220], 'greeting');
    await session.expect(`EHLO ${settings.clientName ?? 'vigil.localdomain'}`, [250], 'EHLO');
    if (settings.username && settings.password) {
      const token = Buffer.from(`\0${settings.username}\0${settings.password}`, 'utf8').toString('base64');
      await session.expect(`AUTH PLAIN ${token}`, [235], 'authentication');
    }
    await session.expect(`MAIL FROM:<${checkAddress(message.from)}>`, [250], 'sender');
    const accepted: string[] = [];
    for (const recipient of message.to) {
      await session.expect(`RCPT TO:<${checkAddress(recipient)}>`, [250, 251], `recipient ${recipient}`);
      accepted.push(recipient);
    }
    await session.expect('DATA', [354], 'DATA');
    const response = await session.expect(`${data}.`, [250], 'message');
    socket.write('QUIT\r\n');
    return { accepted, response };
  } finally {
    signal.removeEventListener('abort', onAbort);
    socket.end();
  }
}
