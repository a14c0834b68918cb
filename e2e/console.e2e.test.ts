/**
 * The console in a real browser: sign in, open the demo incident, see the attack graph
 * render, approve an action, check the approval queue and dashboard, in dark and light
 * themes at 1280×800. Screenshots are written to a temporary folder whose path is printed.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createApp, ensureConsoleBuilt } from '../src/api/index.js';
import { investigate, loadKnowledge } from '../src/pipeline/index.js';
import { openServerStores, type ServerStores } from '../src/store/index.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`SKIPPED browser tests: ${chromiumPath} is missing (apt-get install chromium)`);

const repository = fileURLToPath(new URL('..', import.meta.url));
const demo = (...parts: string[]) => join(repository, 'examples', 'demo', ...parts);

describe.skipIf(!hasChromium)('console in chromium', () => {
  let stores: ServerStores;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let analystToken: string;
  let viewerToken: string;
  const shots = process.env.VIGIL_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'vigil-e2e-'));

  beforeAll(async () => {
    const build = await ensureConsoleBuilt(join(repository, 'web'));
    stores = await openServerStores(':memory:');
    const knowledge = await loadKnowledge({
      rules: [join(repository, 'rules')],
      intel: [demo('intel')],
      attack: undefined,
      kev: undefined,
      assets: demo('assets.yaml'),
    });
    await investigate([demo('logs')], knowledge, stores.store);
    analystToken = (await createApiToken(stores.tokens, { name: 'alice', role: 'analyst', createdBy: 'e2e' })).token;
    viewerToken = (await createApiToken(stores.tokens, { name: 'victor', role: 'viewer', createdBy: 'e2e' })).token;
    app = await createApp({ store: stores.store, tokens: stores.tokens, runs: stores.runs, consoleRoot: build.root });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
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

    const card = page.locator('article.proposal.pending', { hasText: 'block-ip' }).first();
    await card.getByRole('textbox').fill('C2 address confirmed by threat intelligence');
    await card.getByRole('button', { name: 'Approve' }).click();
    const approved = page.locator('article.proposal.approved', { hasText: 'block-ip' }).first();
    await approved.waitFor();
    await expect(approved.getByTestId('proposal-status').textContent()).resolves.toBe('approved');
    await approved.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, '03-action-approved.png') });
    const audit = await stores.store.listAudit();
    expect(audit.some((entry) => entry.actor === 'alice' && entry.action === 'action-approved')).toBe(true);
    await page.context().close();
  });

  it('shows the approval queue in the light theme and hides decisions from a viewer', async () => {
    const page = await signIn(viewerToken, 'light');
    await page.getByRole('button', { name: 'Light theme' }).click();
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.locator('article.proposal').first().waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, '04-approvals-light-viewer.png') });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('.chart canvas').first().waitFor();
    await page.screenshot({ path: join(shots, '05-dashboard-light.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.context().close();
  });
});
