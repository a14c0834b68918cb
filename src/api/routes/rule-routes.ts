import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { severitySchema, VigilError } from '../../core/index.js';
import { loadRules, type RuleSet } from '../../detect/index.js';
import { listDisabledRules, setRuleEnabled } from '../../knowledge/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { contentErrorSchema, contentTextSchema } from '../content/content-check.js';

const ruleSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['detection', 'correlation', 'filter']),
  level: severitySchema.optional(),
  status: z.string().optional(),
  tags: z.array(z.string()),
  file: z.string(),
  /** False when an admin disabled it: the next investigation leaves it out. */
  enabled: z.boolean().optional(),
  disabled: z.object({ author: z.string(), at: z.string(), reason: z.string() }).optional(),
});

const ruleListSchema = z.object({
  items: z.array(ruleSummarySchema),
  failed: z.array(z.object({ file: z.string(), error: z.string() })),
});

const checkResultSchema = z.object({
  valid: z.boolean(),
  rules: z.array(ruleSummarySchema),
  errors: z.array(contentErrorSchema),
});

type RuleSummary = z.infer<typeof ruleSummarySchema>;

function summaries(set: RuleSet, file?: string): RuleSummary[] {
  const header = (rule: {
    id: string;
    title: string;
    status?: string | undefined;
    tags: readonly string[];
    file: string;
  }) => ({
    id: rule.id,
    title: rule.title,
    ...(rule.status ? { status: rule.status } : {}),
    tags: [...rule.tags],
    file: file ?? rule.file,
  });
  return [
    ...set.rules.map((rule) => ({ ...header(rule), kind: 'detection' as const, level: rule.level })),
    ...set.correlations.map((rule) => ({ ...header(rule), kind: 'correlation' as const, level: rule.level })),
    ...set.filters.map((rule) => ({ ...header(rule), kind: 'filter' as const })),
  ];
}

/** Compiles uploaded rule text exactly as the detector would load it, in a throw-away folder. */
async function checkRuleText(text: string, name: string): Promise<z.infer<typeof checkResultSchema>> {
  const folder = await mkdtemp(join(tmpdir(), 'vigil-rule-check-'));
  try {
    const file = join(folder, name);
    await writeFile(file, text, 'utf8');
    const set = await loadRules([file]);
    const errors = set.failed.map((failure) => ({ message: failure.error, file: name }));
    const rules = summaries(set, name);
    if (rules.length === 0 && errors.length === 0) errors.push({ message: 'no rule in this text', file: name });
    return { valid: errors.length === 0, rules, errors };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const fileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.ya?ml$/, 'a plain file name ending in .yml or .yaml');

/** Detection rules: list what loads (and what fails), check a rule, upload one (admin). */
export function registerRuleRoutes(
  app: ApiApp,
  context: ApiContext,
  options: { paths: readonly string[]; uploadFolder?: string | undefined },
): void {
  const paths = () => [...options.paths, ...(options.uploadFolder ? [options.uploadFolder] : [])];

  app.get(
    '/rules',
    {
      config: { access: 'read' },
      schema: {
        tags: ['rules'],
        summary: 'Detection rules this server loads, and the files that fail to load with why',
        response: { 200: ruleListSchema },
      },
    },
    async () => {
      const existing = [];
      for (const path of paths()) if (await isPresent(path)) existing.push(path);
      const set = await loadRules(existing);
      const disabled = await listDisabledRules(context.store);
      const items = summaries(set).map((rule) => {
        const off = disabled.get(rule.id);
        return off
          ? { ...rule, enabled: false, disabled: { author: off.author, at: off.at, reason: off.reason } }
          : { ...rule, enabled: true };
      });
      return { items, failed: set.failed.map((failure) => ({ ...failure })) };
    },
  );

  app.post(
    '/rules/check',
    {
      config: { access: 'read' },
      schema: {
        tags: ['rules'],
        summary: 'Compile Sigma rule text without saving it; errors come back inline',
        body: contentTextSchema,
        response: { 200: checkResultSchema },
      },
    },
    async (request) => checkRuleText(request.body.text, 'uploaded.yml'),
  );

  app.post(
    '/rules',
    {
      config: { access: 'administer' },
      schema: {
        tags: ['rules'],
        summary: 'Upload a rule file (admin): saved only when it compiles; audited; used by the next detection run',
        body: contentTextSchema.extend({ name: fileName }),
        response: { 201: checkResultSchema, 422: checkResultSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (!options.uploadFolder)
        throw new VigilError('configuration-missing', 'this server has no folder for uploaded rules');
      const result = await checkRuleText(request.body.text, request.body.name);
      if (!result.valid) return reply.status(422).send(result);
      await mkdir(options.uploadFolder, { recursive: true });
      await writeFile(join(options.uploadFolder, request.body.name), request.body.text, 'utf8');
      await context.store.appendAudit({
        actor: user.name,
        action: 'rule-uploaded',
        subject: { kind: 'rule-file', id: request.body.name },
        details: { rules: result.rules.map((rule) => rule.id), role: user.role },
      });
      context.live.publish({
        type: 'rules-updated',
        subjectId: request.body.name,
        at: context.clock().toISOString(),
        data: { by: user.name },
      });
      return reply.status(201).send(result);
    },
  );

  for (const enabled of [false, true]) {
    app.post(
      `/rules/:id/${enabled ? 'enable' : 'disable'}`,
      {
        config: { access: 'administer' },
        schema: {
          tags: ['rules'],
          summary: enabled
            ? 'Enable a disabled rule again (admin; audited)'
            : 'Disable a rule (admin; audited): the next investigation leaves it out',
          params: z.strictObject({ id: z.string().min(1).max(200) }),
          body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
          response: { 200: z.object({ id: z.string(), enabled: z.boolean(), changed: z.boolean() }) },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const { id } = request.params;
        const changed = await setRuleEnabled(context.store, {
          ruleId: id,
          enabled,
          author: user.name,
          reason: request.body.reason,
        });
        if (changed)
          context.live.publish({
            type: 'rules-updated',
            subjectId: id,
            at: context.clock().toISOString(),
            data: { enabled, by: user.name },
          });
        return { id, enabled, changed };
      },
    );
  }
}

async function isPresent(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
