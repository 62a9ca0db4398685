// The workbench in Firefox (the machine's firefox-esr, driven over WebDriver BiDi by
// puppeteer-core), opened from file://: the engine starts in its worker, the verdicts
// and the map are drawn, and the editor underlines a syntax error. Skipped where there
// is no Firefox (KZ_FIREFOX names another binary).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { workbenchFile } from './helpers/env.mjs';

const FIREFOX = process.env.KZ_FIREFOX || '/usr/bin/firefox-esr';
const where = workbenchFile();
const skip = where.skip || (!fs.existsSync(FIREFOX) && `no Firefox at ${FIREFOX}`);
let browser;
let page;
let profile;

before(async () => {
  if (skip) return;
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-firefox-profile-'));
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(pathToFileURL(where.file).href);
  await page.waitForSelector('#verdicts td[data-verdict]', { timeout: 120000 });
});

after(async () => {
  if (browser) await browser.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('Firefox: the verdicts, from the engine in a worker', { skip }, async () => {
  assert.equal(await page.evaluate(() => window.kzWorkbench.engine.mode), 'worker');
  const v = await page.$$eval('#verdicts td[data-verdict]', (cells) => Object.fromEntries(cells.map((c) => [`${c.dataset.factset}|${c.dataset.hypothesis}`, c.dataset.verdict])));
  assert.equal(v['kazakhstan/facts/2007|fpg'], 'supported');
  assert.equal(v['kazakhstan/facts/counterfactual-strongmen|centre_periphery'], 'confirmed');
  const ms = await page.evaluate(() => window.kzWorkbench.app.lastTiming.engineMs);
  console.log(`check of the corpus in Firefox: ${ms.toFixed(1)} ms in the engine call (the first check)`);
});

test('Firefox: the argument map', { skip }, async () => {
  await page.click('#tab-map');
  await page.waitForSelector('#map-canvas svg g.node.claim', { timeout: 60000 });
  assert.equal(await page.$$eval('#map-canvas svg g.cluster', (g) => g.length), 3);
});

test('Firefox: a syntax error is underlined with its code', { skip }, async () => {
  await page.click('#tab-rules');
  await page.click('.cm-content');
  await page.keyboard.down('Control');
  await page.keyboard.press('Home');
  await page.keyboard.up('Control');
  await page.keyboard.type('broken(1) :- .\n');
  await page.waitForSelector('.cm-lintRange-error', { timeout: 30000 });
  assert.match(await page.$eval('#problems li.problem.error', (e) => e.dataset.code), /^E\d{4}$/);
});
