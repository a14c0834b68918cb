/**
 * The connectors file (YAML): which systems Vigil acts on and where their credentials are.
 * Credentials are references (`{ env: NAME }` or `{ file: PATH, key: NAME }`), never values.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter } from 'yaml';
import { z } from 'zod';
import { actionTypeSchema, InputInvalidError, InputUnreadableError } from '../../core/index.js';
import { parseYamlDocument } from '../../guard/index.js';
import type { Connector } from './connector.js';
import { createEmailConnector } from './email/email-connector.js';
import { createFirewallConnector, detectFirewallBackend } from './firewall/firewall-connector.js';
import { createChatConnector } from './http/chat-notification.js';
import { createMispConnector, createTheHiveConnector, createXsoarConnector } from './http/ticketing.js';
import { createWebhookConnector } from './http/webhook.js';
import { type CommandRunner, localRunner, namespaceRunner, sshRunner } from './process/command-runner.js';
import { createResponseScriptConnector } from './response-script.js';
import { type Secrets, secretReferenceSchema } from './secrets.js';

const placeSchema = z.union([
  z.object({ local: z.literal(true) }).strict(),
  z.object({ netns: z.string().regex(/^[A-Za-z0-9_.-]+$/) }).strict(),
  z
    .object({
      ssh: z.string().min(1),
      port: z.number().int().positive().optional(),
      identityFile: z.string().optional(),
    })
    .strict(),
]);

export const connectorConfigSchema = z
  .object({
    firewall: z
      .object({
        backend: z.enum(['auto', 'nftables', 'iptables']).default('auto'),
        perimeter: placeSchema.optional(),
        hosts: z.record(z.string(), placeSchema).default({}),
        managementAddresses: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    webhook: z
      .object({ url: z.url(), secret: secretReferenceSchema, actions: z.array(actionTypeSchema).default(['notify']) })
      .strict()
      .optional(),
    chat: z
      .object({ url: secretReferenceSchema, flavour: z.enum(['slack', 'teams']) })
      .strict()
      .optional(),
    email: z
      .object({
        host: z.string().min(1),
        port: z.number().int().positive().default(25),
        secure: z.boolean().default(false),
        from: z.string(),
        to: z.array(z.string()).min(1),
        username: z.string().optional(),
        password: secretReferenceSchema.optional(),
      })
      .strict()
      .optional(),
    thehive: z
      .object({
        url: z.url(),
        apiKey: secretReferenceSchema,
        organisation: z.string().optional(),
        create: z.enum(['alert', 'case']).default('alert'),
      })
      .strict()
      .optional(),
    xsoar: z
      .object({
        url: z.url(),
        apiKey: secretReferenceSchema,
        authId: z.string().optional(),
        incidentType: z.string().optional(),
      })
      .strict()
      .optional(),
    misp: z.object({ url: z.url(), apiKey: secretReferenceSchema, source: z.string().optional() }).strict().optional(),
    scripts: z
      .array(
        z
          .object({
            executable: z.string().min(1),
            args: z.array(z.string()).default([]),
            actions: z.array(actionTypeSchema).default(['run-script']),
            canUndo: z.boolean().default(false),
            environment: z.record(z.string(), z.string()).default({}),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;

export function parseConnectorConfig(text: string, file = '<connectors>'): ConnectorConfig {
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(text, { lineCounter });
  if (document.errors.length > 0)
    throw new InputInvalidError(
      `the connectors file is not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`,
      { location: { file } },
    );
  const parsed = connectorConfigSchema.safeParse(document.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const field = path.join('.') || '(top level)';
  throw new InputInvalidError(`invalid connectors field ${field}: ${issue.message}`, {
    location: { file, field, ...(node?.range ? { line: lineCounter.linePos(node.range[0]).line } : {}) },
  });
}

export async function loadConnectorConfig(file: string): Promise<ConnectorConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the connectors file: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  return parseConnectorConfig(text, file);
}

function runnerFor(place: z.infer<typeof placeSchema>): CommandRunner {
  if ('netns' in place) return namespaceRunner(place.netns);
  if ('ssh' in place)
    return sshRunner(place.ssh, {
      ...(place.port ? { port: place.port } : {}),
      ...(place.identityFile ? { identityFile: place.identityFile } : {}),
    });
  return localRunner();
}

/** Builds the configured connectors, resolving credentials through `secrets` (which then redacts them). */
export async function buildConnectors(config: ConnectorConfig, secrets: Secrets): Promise<Connector[]> {
  const connectors: Connector[] = [];
  if (config.firewall) {
    const firewall = config.firewall;
    const hosts: Record<string, Awaited<ReturnType<typeof detectFirewallBackend>>> = {};
    for (const [host, place] of Object.entries(firewall.hosts))
      hosts[host.toLowerCase()] = await detectFirewallBackend(runnerFor(place), firewall.backend);
    connectors.push(
      createFirewallConnector({
        ...(firewall.perimeter
          ? { perimeter: await detectFirewallBackend(runnerFor(firewall.perimeter), firewall.backend) }
          : {}),
        hosts,
        managementAddresses: firewall.managementAddresses,
      }),
    );
  }
  for (const script of config.scripts) connectors.push(createResponseScriptConnector(script));
  if (config.thehive)
    connectors.push(
      createTheHiveConnector({ ...config.thehive, apiKey: secrets.resolve(config.thehive.apiKey, 'TheHive') }),
    );
  if (config.xsoar)
    connectors.push(
      createXsoarConnector({ ...config.xsoar, apiKey: secrets.resolve(config.xsoar.apiKey, 'Cortex XSOAR') }),
    );
  if (config.misp)
    connectors.push(createMispConnector({ ...config.misp, apiKey: secrets.resolve(config.misp.apiKey, 'MISP') }));
  if (config.webhook)
    connectors.push(
      createWebhookConnector({
        url: config.webhook.url,
        secret: secrets.resolve(config.webhook.secret, 'the webhook'),
        actions: config.webhook.actions,
      }),
    );
  if (config.chat)
    connectors.push(
      createChatConnector({ url: secrets.resolve(config.chat.url, 'the chat webhook'), flavour: config.chat.flavour }),
    );
  if (config.email) {
    const { password, ...email } = config.email;
    connectors.push(
      createEmailConnector({ ...email, ...(password ? { password: secrets.resolve(password, 'SMTP') } : {}) }),
    );
  }
  return connectors;
}
