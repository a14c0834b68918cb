/**
 * HTML to PDF through headless Chromium (Debian's `chromium`, driven by playwright-core), with
 * a fresh profile per rendering, no network and no GPU. The page is loaded from a string, so
 * it cannot fetch anything; JavaScript is off.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsupportedError } from '../../core/index.js';

export const chromiumPath = '/usr/bin/chromium';

export const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function renderPdf(html: string, executablePath = chromiumPath): Promise<Buffer> {
  if (!existsSync(executablePath))
    throw new UnsupportedError(`PDF reports need Chromium at ${executablePath} (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'vigil-pdf-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: chromiumArguments,
    javaScriptEnabled: false,
    offline: true,
  });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
