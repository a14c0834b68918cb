/**
 * The investigation as an analyst reads it, in a real browser (Debian's chromium through
 * playwright-core): the attack graph, the kill chain under ATT&CK's own tactics, the timeline
 * in words, the plan's targets, folded alerts, the wrong-token message, the dashboard's
 * defined rates and the run's step table. Each view is photographed at 1280×800 and 1920×1080
 * into a folder whose path is printed. ATT&CK comes from ../shared when it is there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createApp, ensureConsoleBuilt, responseDeskOf } from '../src/api/index.js';
import { catalogueTactics, type KillChainKnowledge } from '../src/detect/index.js';
import { storeNewIndicators } from '../src/knowledge/index.js';
import { investigate, loadKnowledge } from '../src/pipeline/index.js';
import { loadAssetInventory } from '../src/reason/index.js';
import { createConnectorRegistry, loadPolicy } from '../src/respond/index.js';
import { openStores, type Stores } from '../src/store/index.js';
import { sharedDataRoot } from '../test/shared-data.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`SKIPPED analyst-view browser tests: ${chromiumPath} is missing (apt-get install chromium)`);
const shared = sharedDataRoot();
const attackBundle = shared ? join(shared, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz') : undefined;
if (!attackBundle || !existsSync(attackBundle))
  console.warn('analyst-view: no ATT&CK bundle in ../shared: kill-chain placement is checked against rule tags only');

const repository = fileURLToPath(new URL('..', import.meta.url));
const demo = (...parts: string[]) => join(repository, 'examples', 'demo', ...parts);
const viewports = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

describe.skipIf(!hasChromium)('the analyst view in chromium', () => {
  let stores: Stores;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let analystToken: string;
  let attack: KillChainKnowledge | undefined;
  let incidentId: string;
  const shots = process.env.VIGIL_E2E_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'vigil-analyst-'));

  beforeAll(async () => {
    const build = await ensureConsoleBuilt(join(repository, 'web'));
    stores = await openStores(':memory:');
    const knowledge = await loadKnowledge({
      rules: [join(repository, 'rules')],
      intel: [demo('intel')],
      attack: attackBundle && existsSync(attackBundle) ? attackBundle : undefined,
      kev: undefined,
      assets: demo('assets.yaml'),
    });
    attack = knowledge.attack;
    await investigate([demo('logs')], knowledge, stores.store);
    if (knowledge.intel) await storeNewIndicators(stores.store, knowledge.intel.indicators);
    analystToken = (await createApiToken(stores.tokens, { name: 'alice', role: 'analyst', createdBy: 'e2e' })).token;
    app = await createApp({
      store: stores.store,
      tokens: stores.tokens,
      runs: stores.runs,
      knowledge: stores.knowledge,
      taxii: stores.taxii,
      attack,
      consoleRoot: build.root,
      response: {
        policy: await loadPolicy(join(repository, 'policy', 'default.yaml')),
        assets: await loadAssetInventory(demo('assets.yaml')),
        connectors: createConnectorRegistry([]),
        loopIntervalMs: 300,
      },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const desk = responseDeskOf(app)!;
    for (const incident of await stores.store.listIncidents()) {
      const run = await desk.ensurePlanRun(incident.id);
      await desk.advance(run.id);
    }
    incidentId = (await stores.store.listIncidents())[0]!.id;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    console.log(`analyst-view screenshots: ${shots}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stores?.close();
  });

  async function signIn(viewport: { width: number; height: number } = viewports[0]): Promise<Page> {
    const context = await browser.newContext({ viewport, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(baseUrl);
    await page.getByLabel('API token').fill(analystToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('incident-queue').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  /**
   * Photographs the page at both sizes, named `<name>-<width>x<height>.png`: what the screen shows from the
   * top (or from `scrollTo`), or the whole page when `fullPage`.
   */
  async function photograph(page: Page, name: string, options: { fullPage?: boolean; scrollTo?: string } = {}) {
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300);
      if (options.scrollTo) await page.locator(options.scrollTo).first().scrollIntoViewIfNeeded();
      else await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: join(shots, `${name}-${viewport.width}x${viewport.height}.png`),
        fullPage: options.fullPage ?? false,
      });
    }
    await page.setViewportSize(viewports[0]);
  }

  const openIncident = async (page: Page) => {
    await page.goto(`${baseUrl}/#/incidents/${encodeURIComponent(incidentId)}`);
    await page.getByTestId('kill-chain').waitFor();
  };

  it('says why a wrong token was refused', async () => {
    const context = await browser.newContext({ viewport: viewports[0] });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('API token').fill('vgl_this-is-not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const message = page.getByTestId('sign-in-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('not accepted');
    await photograph(page, '01-sign-in-wrong-token');
    await context.close();
  });

  it('places every technique under one of its own tactics, as id and name on one line', async () => {
    const page = await signIn();
    await openIncident(page);
    const strip = page.getByTestId('kill-chain');
    expect(await strip.getAttribute('data-placement')).toBe(attack ? 'catalogue' : 'rule-tags');
    // repeated indicator hits are folded: one line per indicator and value, with its event count
    const hitLines = await page.getByTestId('indicator-hit').allTextContents();
    expect(hitLines.length).toBeGreaterThan(0);
    expect(new Set(hitLines).size).toBe(hitLines.length);
    expect(hitLines.some((line) => /\d+ events/.test(line))).toBe(true);
    await photograph(page, '02-incident-page');
    await strip.locator('button.more').evaluateAll((buttons) => {
      for (const button of buttons) (button as HTMLButtonElement).click();
    });
    await page.waitForFunction(() => !document.querySelector('[data-technique][hidden]'));
    const placed = await strip.locator('section').evaluateAll((sections) =>
      sections.map((section) => ({
        tactic: section.getAttribute('data-tactic') ?? '',
        techniques: Array.from(section.querySelectorAll('[data-technique]')).map((item) => {
          const id = item.querySelector('.technique-id') as HTMLElement;
          return {
            id: item.getAttribute('data-technique') ?? '',
            lines: id.getClientRects().length,
            text: id.textContent,
          };
        }),
      })),
    );
    expect(placed.length).toBeGreaterThan(3);
    // every demo alert has a tactic, with ATT&CK or without it (as `npm start` runs): none sits in "unknown"
    expect(placed.map((column) => column.tactic)).not.toContain('unknown');
    const stages = (await stores.store.getIncident(incidentId))!.incident.stages;
    expect(stages.map((stage) => stage.tactic)).not.toContain('unknown');
    for (const column of placed) {
      for (const technique of column.techniques) {
        // never split: the id is one box on one line and reads whole
        expect(technique.lines).toBe(1);
        expect(technique.text).toBe(technique.id);
        if (attack) expect(catalogueTactics(technique.id, attack)).toContain(column.tactic);
      }
    }
    if (attack) {
      const lateral = placed.find((column) => column.tactic === 'lateral-movement');
      expect(lateral?.techniques.map((technique) => technique.id)).toContain('T1021.002');
      const execution = placed.find((column) => column.tactic === 'execution');
      expect(execution?.techniques.map((technique) => technique.id)).not.toContain('T1021.002');
    }
    // tactic names are not clipped: each label fits its box
    const clipped = await page
      .locator('.kill-chain li span')
      .evaluateAll((labels) => labels.filter((label) => label.scrollWidth > label.clientWidth + 1).length);
    expect(clipped).toBe(0);
    await photograph(page, '02-kill-chain-expanded', { scrollTo: '[data-testid=kill-chain]' });
    await page.context().close();
  });

  it("connects ws-fin-07 to srv-file-02 through CORP\\adm-jdoe, hosts as anchors, and opens a node's events", async () => {
    const page = await signIn();
    await openIncident(page);
    const graph = page.getByTestId('attack-graph');
    await graph.locator('canvas').first().waitFor();
    const between = JSON.parse((await graph.getAttribute('data-host-edges')) ?? '[]') as {
      from: string;
      to: string;
      relation: string;
      account?: string;
    }[];
    expect(between).toContainEqual({
      from: 'host:ws-fin-07',
      to: 'host:srv-file-02',
      relation: 'remote-logon',
      account: 'CORP\\adm-jdoe',
    });
    const stored = (await stores.store.getIncident(incidentId))!.artifacts.graph!;
    // hashes are properties of their process or file, never nodes; no event nodes
    expect(stored.nodes.filter((node) => /^[0-9a-f]{32,}$/i.test(node.label))).toEqual([]);
    expect(stored.nodes.map((node) => node.kind)).not.toContain('event');
    expect(stored.path?.[0]).toBe('host:ws-fin-07');
    // click the first process node on the attack path: its events are listed and open
    const target = stored.nodes.find((node) => node.kind === 'process' && node.stage)!;
    await graph.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const point = await page.evaluate((id) => {
      const container = document.querySelector('[data-testid=attack-graph]') as HTMLElement & {
        _cyreg?: { cy?: { getElementById(id: string): { renderedPosition(): { x: number; y: number } } } };
      };
      const position = container._cyreg?.cy?.getElementById(id).renderedPosition();
      const box = container.getBoundingClientRect();
      return position ? { x: box.left + position.x, y: box.top + position.y } : undefined;
    }, target.id);
    expect(point).toBeDefined();
    await page.screenshot({ path: join(shots, 'debug-graph.png') });
    await page.mouse.click(point!.x, point!.y);
    const selection = page.getByTestId('graph-selection');
    await selection.locator('.evidence-events button').first().waitFor();
    expect(await selection.textContent()).toContain(target.label);
    await photograph(page, '02-attack-graph', { scrollTo: '.graph-panel' });
    await selection.locator('.evidence-events button').first().click();
    await page.getByTestId('evidence-viewer').waitFor();
    await page.context().close();
  });

  it('writes the timeline in words, folds repeated alerts and opens an event from its evidence', async () => {
    const page = await signIn();
    await openIncident(page);
    const rows = page.locator('table.timeline tbody tr');
    const summaries = await rows.locator('td.summary').allTextContents();
    expect(summaries.length).toBeGreaterThan(10);
    expect(summaries.filter((text) => /^\s*(SF|S0|REJ)\s*$/.test(text))).toEqual([]);
    expect(summaries.some((text) => /\d+\.\d+\.\d+\.\d+:\d+ → 203\.0\.113\.66:443 tcp/.test(text))).toBe(true);
    expect(summaries.some((text) => text.includes('(decoded: IEX (New-Object Net.WebClient)'))).toBe(true);
    // sixty beacons to the C2 address are one line with a counter
    const folded = summaries.filter((text) => text.includes('Loader C2 address: 203.0.113.66'));
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatch(/×\d{2,}/);
    // evidence reads as alert titles and event summaries, never as ids
    const evidence = await page.locator('.stages .evidence button').allTextContents();
    expect(evidence.length).toBeGreaterThan(5);
    expect(evidence.filter((text) => /^(alert|event):/.test(text) || /alert-indicator/.test(text))).toEqual([]);
    await page.locator('.stages .evidence button').first().click();
    const viewer = page.getByTestId('evidence-viewer');
    await viewer.waitFor();
    const firstEvent = viewer.locator('.evidence-events button').first();
    if ((await firstEvent.count()) > 0) await firstEvent.click();
    await viewer.getByRole('button', { name: 'Show raw record' }).click();
    await viewer.locator('pre.raw').waitFor();
    await photograph(page, '03-evidence-opened');
    await photograph(page, '04-timeline', { scrollTo: 'table.timeline' });
    await page.context().close();
  });

  it('contains the stolen admin account and quarantines files by path, not command lines', async () => {
    const page = await signIn();
    await openIncident(page);
    const cards = page.locator('article.proposal');
    await cards.first().waitFor();
    const headers = await cards.locator('header').allTextContents();
    expect(
      headers.some((text) => /(disable-account|reset-credentials)/.test(text) && text.includes('CORP\\adm-jdoe')),
    ).toBe(true);
    const quarantines = headers.filter((text) => text.includes('quarantine-file'));
    expect(quarantines.some((text) => text.includes('C:\\Windows\\Temp\\svcupd.exe'))).toBe(true);
    expect(quarantines.filter((text) => text.includes('%COMSPEC%'))).toEqual([]);
    const cited = await cards.locator('.evidence button').allTextContents();
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((text) => /^(alert|event|indicator):/.test(text))).toEqual([]);
    await photograph(page, '07-plan', { scrollTo: 'article.proposal' });
    await page.context().close();
  });

  it('draws the ATT&CK heatmap across incidents and downloads it as a Navigator layer', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'ATT&CK' }).click();
    const heatmap = page.getByTestId('heatmap');
    await heatmap.locator('[data-technique]').first().waitFor();
    const cells = await heatmap.locator('section').evaluateAll((sections) =>
      sections.flatMap((section) =>
        Array.from(section.querySelectorAll('[data-technique]')).map((item) => ({
          tactic: section.getAttribute('data-tactic') ?? '',
          id: item.getAttribute('data-technique') ?? '',
          incidents: Number(item.getAttribute('data-incidents')),
          lines: (item.querySelector('.technique-id') as HTMLElement).getClientRects().length,
        })),
      ),
    );
    const incidents = await stores.store.listIncidents();
    expect(cells.length).toBeGreaterThan(5);
    for (const cell of cells) {
      // the count is the number of incidents showing the technique; the id never wraps
      const showing = incidents.filter((incident) =>
        incident.techniques.some((id) => (attack ? attack.resolve(id) : id.toUpperCase()) === cell.id),
      );
      expect(cell.incidents).toBe(showing.length);
      expect(cell.lines).toBe(1);
      if (attack) expect(catalogueTactics(cell.id, attack)).toContain(cell.tactic);
    }
    if (attack) expect(cells).toContainEqual(expect.objectContaining({ id: 'T1021.002', tactic: 'lateral-movement' }));
    await photograph(page, '10-attack-heatmap');
    const download = page.waitForEvent('download');
    await page.getByTestId('download-layer').click();
    const file = join(shots, 'vigil-attack-layer.json');
    await (await download).saveAs(file);
    const layer = JSON.parse(readFileSync(file, 'utf8'));
    expect(layer.versions.layer).toBe('4.5');
    expect(layer.domain).toBe('enterprise-attack');
    for (const cell of cells)
      expect(layer.techniques.find((item: { techniqueID: string }) => item.techniqueID === cell.id)?.score).toBe(
        cell.incidents,
      );
    await page.context().close();
  });

  it('assigns the incident and keeps a note, shown on the queue and verified in the audit chain', async () => {
    const page = await signIn();
    await openIncident(page);
    const panel = page.getByTestId('case-file');
    await panel.getByText('Unassigned.').waitFor();
    await panel.getByRole('button', { name: 'Assign to me' }).click();
    await panel.getByTestId('assignee').getByText('alice', { exact: true }).waitFor();
    const text = 'adm-jdoe used from ws-fin-07 <img src=x onerror="window.pwned=1"> — asked IAM to reset';
    await panel.getByLabel('New note').fill(text);
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByTestId('case-notes').locator('li').first().waitFor();
    expect(await panel.getByTestId('case-notes').locator('.note-text').first().textContent()).toBe(text);
    expect(await panel.locator('img').count()).toBe(0);
    await photograph(page, '08-case-file', { scrollTo: '[data-testid=case-file]' });
    await page.getByRole('link', { name: '← Incident queue' }).click();
    const row = page.getByTestId('incident-queue').locator('tr', { has: page.locator(`a[href$="${incidentId}"]`) });
    expect(await row.getByTestId('queue-assignee').textContent()).toBe('alice');
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    const audit = await stores.store.listAudit({ subjectId: incidentId });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['incident-assigned', 'incident-note-added']),
    );
    expect((await stores.store.verifyAudit()).valid).toBe(true);
    await page.context().close();
  });

  it('renders the case report as HTML and as a PDF whose pages draw (pdftoppm)', async () => {
    const authorization = { authorization: `Bearer ${analystToken}` };
    const url = `${baseUrl}/api/v1/incidents/${encodeURIComponent(incidentId)}/report`;
    const html = await (await fetch(url, { headers: authorization })).text();
    for (const heading of [
      'Summary',
      'Kill chain',
      'Attack graph',
      'Attack sequence and evidence',
      'Response plan and decisions',
      'Indicators',
      'Timeline',
      'Audit excerpt',
    ])
      expect(html).toContain(`<h2>${heading}`);
    expect(html).toContain('<svg');
    expect(html).toContain('logon: CORP\\adm-jdoe');
    expect(html).not.toContain('<script');
    // the console offers it too
    const page = await signIn();
    await openIncident(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('case-report').getByRole('button', { name: 'PDF' }).click();
    const file = join(shots, 'case-report.pdf');
    await (await download).saveAs(file);
    await page.context().close();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!existsSync('/usr/bin/pdftoppm')) {
      console.warn('SKIPPED PDF page rendering: pdftoppm is missing (apt-get install poppler-utils)');
      return;
    }
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', file, join(shots, 'case-report-page')]);
    const pages = readdirSync(shots).filter((name) => name.startsWith('case-report-page') && name.endsWith('.png'));
    expect(pages.length).toBeGreaterThan(1);
    for (const name of pages) expect(statSync(join(shots, name)).size).toBeGreaterThan(5_000);
  });

  it('defines the dashboard rates and counts pending actions as pending', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const rate = page.getByTestId('automation-rate');
    await rate.waitFor();
    await page.waitForFunction(() =>
      /\d+ pending/.test(document.querySelector('[data-testid=automation-rate]')?.textContent ?? ''),
    );
    const text = (await rate.textContent()) ?? '';
    const [, percent, automatic, proposed, pending] =
      /(\d+)%.*?(\d+) automatic of (\d+) proposed; (\d+) pending/.exec(text) ?? [];
    expect(Number(pending)).toBeGreaterThan(0);
    expect(Number(percent)).toBe(Math.round((100 * Number(automatic)) / Number(proposed)));
    expect(Number(percent)).toBeLessThan(100);
    expect(await page.getByTestId('rate-definitions').textContent()).toContain('divided by all proposed actions');
    await page.locator('svg.chart').first().waitFor();
    // The charts draw the figures: one bar row per kill-chain stage, one ring slice per severity in the legend.
    expect(await page.locator('svg[aria-label="Open incidents by stage"] > g').count()).toBeGreaterThan(10);
    const legend = await page.locator('.donut .legend li').allTextContents();
    expect(legend.length).toBeGreaterThan(0);
    expect(await page.locator('.donut circle[stroke]').count()).toBe(legend.length);
    await photograph(page, '05-dashboard', { fullPage: true });
    await page.context().close();
  });

  it('shows a run as a step table with the raw JSON behind a toggle', async () => {
    const page = await signIn();
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByTestId('runs').locator('tbody a').first().click();
    await page.getByTestId('run-page').waitFor();
    const headings = await page.getByTestId('run-steps').locator('thead th').allTextContents();
    expect(headings).toEqual(['Action', 'Target', 'Policy', 'Status', 'Connector', 'Duration', 'Retries', 'Output']);
    expect(await page.locator('pre.raw').isVisible()).toBe(false);
    await page.getByTestId('run-raw').locator('summary').click();
    expect(await page.locator('pre.raw').isVisible()).toBe(true);
    await page.getByTestId('run-raw').locator('summary').click();
    await photograph(page, '06-run-detail', { fullPage: true });
    await page.context().close();
  });

  it('folds repeated alerts on the queue row and lists the accounts the plan leaves alone as context', async () => {
    const page = await signIn();
    const row = page.getByTestId('incident-queue').locator('tr', { has: page.locator(`a[href$="${incidentId}"]`) });
    const alerts = row.getByTestId('queue-alerts');
    expect(await alerts.textContent()).toMatch(/^\d+ = \d+ findings/);
    const repeats = alerts.locator('.repeat');
    expect(await repeats.count()).toBeGreaterThan(0);
    expect(await repeats.first().textContent()).toMatch(/×\d{2,} · \d\d:\d\d–\d\d:\d\d$/);
    expect(await repeats.first().getAttribute('title')).toMatch(/\d+ times, first .+, last .+/);
    await photograph(page, '11-queue-folded');
    await openIncident(page);
    const stored = (await stores.store.getIncident(incidentId))!.incident;
    const targeted = new Set(
      (await stores.store.listProposals(incidentId))
        .filter((proposal) => proposal.target.kind === 'user')
        .map((proposal) => proposal.target.value.toLowerCase()),
    );
    const context = stored.entities.users.filter((user) => !targeted.has(user.toLowerCase()));
    expect(targeted.has('corp\\adm-jdoe')).toBe(true);
    if (context.length > 0) {
      const listed = await page.getByTestId('context-accounts').locator('code').allTextContents();
      expect(listed).toEqual(context);
      expect(listed).not.toContain('CORP\\adm-jdoe');
    }
    await page.context().close();
  });

  it('shows each incident its SLA time left on the queue, and a breached one in red', async () => {
    // an older critical incident, opened two hours ago and never acknowledged
    const stored = (await stores.store.getIncident(incidentId))!;
    const openedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await stores.store.recordIncident({
      mode: 'replace',
      incident: {
        ...stored.incident,
        id: 'incident--sla-e2e',
        title: 'Unattended critical incident',
        severity: 'critical',
      },
      artifacts: {},
      audit: [
        {
          actor: 'vigil',
          action: 'incident-created',
          subject: { kind: 'incident', id: 'incident--sla-e2e' },
          details: {},
          timestamp: openedAt,
        },
      ],
    });
    const page = await signIn();
    const rowOf = (id: string) =>
      page.getByTestId('incident-queue').locator('tr', { has: page.locator(`a[href$="${id}"]`) });
    const demo = rowOf(incidentId).getByTestId('queue-sla');
    expect(await demo.textContent()).toMatch(/^(acknowledge|contain|close): (\d+d )?(\d+h )?\d+m left$/);
    expect(await demo.getAttribute('class')).toBe('sla');
    const late = rowOf('incident--sla-e2e').getByTestId('queue-sla');
    expect(await late.textContent()).toBe('acknowledge: breached 1h 45m ago');
    expect(await late.getAttribute('class')).toBe('sla breached');
    expect(await late.getAttribute('title')).toContain('contain by');
    await photograph(page, '09-queue-sla');
    await page.context().close();
  });
});
