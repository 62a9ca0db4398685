// Opens the workbench in the machine's Chromium (never a downloaded browser) from
// file://, with a fresh profile, and waits until the first verdicts are shown.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.KZ_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// htmlPath may end in a query ("…/kzrules-workbench.html?engine=inline").
export async function openWorkbench(htmlPath, { width = 1280, height = 800, acceptDownloads = false } = {}) {
  const [file, query] = htmlPath.split('?');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-workbench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width, height }, acceptDownloads,
  });
  const page = context.pages()[0] || (await context.newPage());
  const logs = [];
  const requests = [];  // every URL the page asks for: it must need no network
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
  await page.goto(pathToFileURL(path.resolve(file)).href + (query ? `?${query}` : ''));
  await page.waitForSelector('#verdicts td[data-verdict]', { timeout: 120000 });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, logs, requests, close };
}

// The verdicts now in #verdicts: {"factset|hypothesis": verdict}
export async function verdicts(page) {
  return page.$$eval('#verdicts td[data-verdict]', (cells) =>
    Object.fromEntries(cells.map((c) => [`${c.dataset.factset}|${c.dataset.hypothesis}`, c.dataset.verdict])));
}
