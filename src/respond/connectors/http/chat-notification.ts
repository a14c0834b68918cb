/**
 * Slack- and Teams-compatible notifications through incoming webhooks. Values from logs are
 * escaped so they cannot become mentions (`<!channel>`) or links in Slack's mrkdwn.
 */
import type { Connector, StepInvocation } from '../connector.js';
import { postJson } from './post-json.js';

export interface ChatOptions {
  name?: string;
  url: string;
  flavour: 'slack' | 'teams';
}

/** Slack's three control characters, escaped as its documentation asks. */
export const escapeSlack = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function notificationText(step: StepInvocation): string {
  const message =
    typeof step.parameters.text === 'string'
      ? step.parameters.text
      : `Vigil ${step.actionType} on ${step.target.kind} ${step.target.value}`;
  const incident = step.incidentId ? ` (incident ${step.incidentId})` : '';
  return `${message}${incident}`;
}

export function chatBody(step: StepInvocation, flavour: ChatOptions['flavour']): unknown {
  const text = notificationText(step);
  if (flavour === 'slack') {
    const safe = escapeSlack(text);
    return { text: safe, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: safe } }] };
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: 'Vigil', weight: 'Bolder' },
            { type: 'TextBlock', text, wrap: true },
          ],
        },
      },
    ],
  };
}

export function createChatConnector(options: ChatOptions): Connector {
  const name = options.name ?? `chat.${options.flavour}`;
  return {
    name,
    actions: ['notify'],
    plan: (step) => ({
      connector: name,
      summary: `post a ${options.flavour} message`,
      request: { method: 'POST', url: '[webhook URL]', body: chatBody(step, options.flavour) },
    }),
    async execute(step, signal) {
      const response = await postJson(options.url, chatBody(step, options.flavour), {}, signal);
      return { status: response.status };
    },
  };
}
