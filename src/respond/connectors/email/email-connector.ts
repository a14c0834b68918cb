/** `notify` by e-mail over SMTP. */
import type { Connector, StepInvocation } from '../connector.js';
import { notificationText } from '../http/chat-notification.js';
import { checkAddress, type SmtpSettings, sendMail } from './smtp-client.js';

export interface EmailOptions extends SmtpSettings {
  from: string;
  to: readonly string[];
}

const subjectOf = (step: StepInvocation) =>
  typeof step.parameters.subject === 'string'
    ? step.parameters.subject
    : `[Vigil] ${step.actionType} ${step.target.value}`;

export function createEmailConnector(options: EmailOptions): Connector {
  checkAddress(options.from);
  for (const address of options.to) checkAddress(address);
  return {
    name: 'email.smtp',
    actions: ['notify'],
    plan: (step) => ({
      connector: 'email.smtp',
      summary: `mail ${options.to.join(', ')} through ${options.host}:${options.port}`,
      request: {
        method: 'SMTP',
        url: `smtp://${options.host}:${options.port}`,
        body: { from: options.from, to: options.to, subject: subjectOf(step), text: notificationText(step) },
      },
    }),
    async execute(step, signal) {
      const result = await sendMail(
        options,
        { from: options.from, to: options.to, subject: subjectOf(step), text: notificationText(step) },
        signal,
      );
      return { accepted: result.accepted, response: result.response.slice(0, 200) };
    },
  };
}
