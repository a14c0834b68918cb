/**
 * The console in a real browser: sign in, open the demo incident, see the attack graph
 * render, approve an action, watch its run complete through a response script (which writes
 * what it was asked to do into a file the test reads), roll the run back, and check the
 * approval queue and dashboard, in dark and light themes at 1280×800. Screenshots are
 * written to a temporary folder whose path is printed.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createApp, ensureConsoleBuilt, responseDeskOf } from '../src/api/index.js';
import { actionTypeSchema } from '../src/core/index.js';
import { storeNewIndicators } from '../src/knowledge/index.js';
import { investigate, loadKnowledge } from '../src/pipeline/index.js';
import { loadAssetInventory } from '../src/reason/index.js';
import { createConnectorRegistry, createResponseScriptConnector, loadPolicy } from '../src/respond/index.js';
import { openStores, type Stores } from '../src/store/index.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`SKIPPED browser tests: ${chromiumPath} is missing (apt-get install chromium)`);

const repository = fileURLToPath(new URL('..', import.meta.url));
const demo = (...parts: string[]) => join(repository, 'examples', 'demo', ...parts);

describe.skipIf(!hasChromium)('console in chromium', () => {
  let stores: Stores;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let analystToken: string;
  let viewerToken: string;
  let responderToken: string;
  let secondAnalystToken: string;
  const shots = process.env.VIGIL_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
  const work = mkdtempSync(join(tmpdir(), 'vigil-e2e-actions-'));
  const actionLog = join(work, 'actions.jsonl');

  beforeAll(async () => {
    const build = await ensureConsoleBuilt(join(repository, 'web'));
    stores = await openStores(':memory:');
    const knowledge = await loadKnowledge({
      rules: [join(repository, 'rules')],
      intel: [demo('intel')],
      attack: undefined,
      kev: undefined,
      assets: demo('assets.yaml'),
    });
    await investigate([demo('logs')], knowledge, stores.store);
    if (knowledge.intel) await storeNewIndicators(stores.store, knowledge.intel.indicators);
    analystToken = (await createApiToken(stores.tokens, { name: 'alice', role: 'analyst', createdBy: 'e2e' })).token;
    viewerToken = (await createApiToken(stores.tokens, { name: 'victor', role: 'viewer', createdBy: 'e2e' })).token;
    responderToken = (await createApiToken(stores.tokens, { name: 'rita', role: 'responder', createdBy: 'e2e' })).token;
    secondAnalystToken = (await createApiToken(stores.tokens, { name: 'bob', role: 'analyst', createdBy: 'e2e' }))
      .token;
    // the CERT's response script: appends the step document it receives on stdin to a file
    const script = join(work, 'record-action.sh');
    writeFileSync(
      script,
      '#!/bin/sh\nread -r step\nprintf \'%s\\n\' "$step" >> "$ACTION_LOG"\necho \'{"written":true}\'\n',
    );
    chmodSync(script, 0o755);
    const connector = createResponseScriptConnector({
      name: 'script.e2e-recorder',
      executable: script,
      actions: actionTypeSchema.options.filter((action) => action !== 'other'),
      environment: { ACTION_LOG: actionLog },
      canUndo: true,
    });
    app = await createApp({
      store: stores.store,
      tokens: stores.tokens,
      runs: stores.runs,
      knowledge: stores.knowledge,
      taxii: stores.taxii,
      consoleRoot: build.root,
      content: { rules: [join(repository, 'rules')], playbooks: [join(repository, 'playbooks')] },
      response: {
        policy: await loadPolicy(join(repository, 'policy', 'default.yaml')),
        assets: await loadAssetInventory(demo('assets.yaml')),
        connectors: createConnectorRegistry([connector]),
        loopIntervalMs: 300,
      },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    // as `vigil serve` does after a replay: the plan goes through the policy, automatic steps run
    const desk = responseDeskOf(app)!;
    for (const incident of await stores.store.listIncidents()) {
      const run = await desk.ensurePlanRun(incident.id);
      await desk.advance(run.id);
    }
    // launch() gives every run a fresh temporary profile (its own --user-data-dir)
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    console.log(`screenshots: ${shots}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stores?.close();
  });

  async function signIn(token: string, colorScheme: 'dark' | 'light' = 'dark'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(baseUrl);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('incident-queue').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  it('signs in, opens the demo incident, renders the graph and approves an action', async () => {
    const page = await signIn(analystToken);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('alice · analyst');
    await page.screenshot({ path: join(shots, '01-incident-queue.png') });
    await page.locator('[data-testid=incident-queue] tbody a').first().click();
    const graph = page.getByTestId('attack-graph');
    await graph.locator('canvas').first().waitFor();
    expect(Number(await graph.getAttribute('data-nodes'))).toBeGreaterThan(2);
    const box = await graph.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    await page.screenshot({ path: join(shots, '02-incident-page.png') });

    const card = page.locator('article.proposal.pending', { hasText: 'kill-process' }).first();
    const target = (await card.locator('header code').first().textContent()) ?? '';
    expect(target).toMatch(/:\d+:/);
    await card.getByRole('textbox').fill('malicious process confirmed on the host');
    await card.getByRole('button', { name: 'Approve' }).click();
    const approved = page.locator('article.proposal.approved', { hasText: target }).first();
    await approved.waitFor();
    await expect(approved.getByTestId('proposal-status').textContent()).resolves.toBe('approved');
    // the run step completes through the response script, and the card says where it ran
    await approved.getByTestId('proposal-run').filter({ hasText: 'succeeded' }).waitFor({ timeout: 15_000 });
    await expect(approved.getByTestId('proposal-run').textContent()).resolves.toContain('script.e2e-recorder');
    await approved.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, '03-action-approved.png') });
    const written = readFileSync(actionLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { mode: string; action: string; target: { value: string } });
    expect(
      written.some(
        (entry) => entry.mode === 'execute' && entry.action === 'kill-process' && entry.target.value === target,
      ),
    ).toBe(true);
    // automatic steps of the policy ran too (block-ip at medium risk and confidence 0.95)
    expect(written.some((entry) => entry.action === 'block-ip')).toBe(true);
    const audit = await stores.store.listAudit();
    expect(audit.some((entry) => entry.actor === 'alice' && entry.action === 'action-approved')).toBe(true);

    await approved.getByRole('link', { name: 'Run step' }).click();
    await page.getByTestId('run-page').waitFor();
    await expect(page.locator('[data-testid^=step-kill-process][data-status=succeeded]').count()).resolves.toBe(1);
    expect(await page.getByRole('button', { name: 'Roll back' }).count()).toBe(0); // an analyst does not execute
    await page.screenshot({ path: join(shots, '04-run-view.png'), fullPage: true });
    await page.context().close();
  });

  it('shows the approval queue in the light theme and hides decisions from a viewer', async () => {
    const page = await signIn(viewerToken, 'light');
    await page.getByRole('button', { name: 'Light theme' }).click();
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.locator('article.proposal').first().waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, '05-approvals-light-viewer.png') });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('svg.chart').first().waitFor();
    await page.screenshot({ path: join(shots, '06-dashboard-light.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.context().close();
  });

  it('lets a responder roll the run back from the runs view', async () => {
    const page = await signIn(responderToken);
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByTestId('runs').locator('tbody a').first().click();
    await page.getByTestId('run-page').waitFor();
    await page.getByLabel('Reason for cancelling or rolling back').fill('exercise over: restore');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await page.locator('[data-testid=run-page][data-status=rolled-back]').waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-status=compensated]').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, '07-run-rolled-back.png'), fullPage: true });
    const undone = readFileSync(actionLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { mode: string; action: string });
    expect(undone.some((entry) => entry.mode === 'undo' && entry.action === 'block-ip')).toBe(true);
    await page.context().close();
  });

  it('records a verdict, publishes after a second analyst approves, overrides an indicator, checks a rule', async () => {
    const alice = await signIn(analystToken);
    await alice.locator('[data-testid=incident-queue] tbody a').first().click();
    const feedback = alice.getByTestId('feedback');
    await feedback.waitFor();
    await feedback.getByLabel('Verdict comment').fill('confirmed with the host owner');
    await feedback.getByRole('button', { name: 'Record verdict' }).click();
    await feedback.getByText('by alice').waitFor();
    const sharing = alice.getByTestId('sharing');
    await sharing.getByRole('button', { name: 'Request publication' }).click();
    await sharing.getByText('waiting for a second analyst').waitFor();
    expect(await sharing.getByRole('button', { name: 'Approve and publish' }).count()).toBe(0);
    await feedback.scrollIntoViewIfNeeded();
    await alice.screenshot({ path: join(shots, '08-verdict-and-sharing.png') });
    const incidentUrl = alice.url();
    await alice.context().close();

    const bob = await signIn(secondAnalystToken);
    await bob.goto(incidentUrl);
    const bobSharing = bob.getByTestId('sharing');
    await bobSharing.getByRole('button', { name: 'Approve and publish' }).click();
    await bobSharing.locator('.status.published').waitFor();
    expect(await bobSharing.textContent()).toContain('approved by bob');

    await bob.getByRole('link', { name: 'Indicators' }).click();
    const row = bob.locator('[data-testid^=indicator-]').first();
    await row.waitFor();
    await row.getByRole('textbox').first().fill('sinkholed by the registrar');
    await row.getByRole('button', { name: 'Apply' }).click();
    await row.getByText('false-positive', { exact: true }).waitFor();
    await bob.screenshot({ path: join(shots, '09-indicators-override.png') });
    const overflow = await bob.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);

    await bob.getByRole('link', { name: 'Rules' }).click();
    await bob.locator('.scroll tbody tr').first().waitFor();
    await bob.getByLabel('Rule YAML').fill('title: broken\ndetection:\n  condition: nothing\n');
    await bob.getByRole('button', { name: 'Check' }).click();
    await bob.getByTestId('content-errors').waitFor();
    expect(await bob.getByRole('button', { name: 'Upload' }).count()).toBe(0); // only an admin uploads
    await bob.screenshot({ path: join(shots, '10-rules-inline-errors.png') });
    await bob.context().close();

    const published = await stores.knowledge.listPublications();
    expect(published.map((item) => [item.requestedBy, item.approvedBy, item.status])).toEqual([
      ['alice', 'bob', 'published'],
    ]);
  });
});
