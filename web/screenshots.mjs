// Screenshots of the workbench for the documentation, 1280×800:
//   node screenshots.mjs --page PATH/kzrules-workbench.html --out DIR
// writes DIR/workbench-matrix.png (verdicts and the claims × hypotheses matrix),
// DIR/workbench-map.png (the argument map of one hypothesis on the counterfactual fact
// set), DIR/workbench-map-reveal.png (the whole map's reveal, part way), DIR/workbench-rules.png (the editor with a diagnostic) and
// DIR/workbench-facts.png (the fact tables).
import fs from 'node:fs';
import path from 'node:path';
import { openWorkbench } from './tests/helpers/browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const pagePath = args.page || process.env.KZ_WORKBENCH;
const out = args.out;
if (!pagePath || !out) {
  console.error('usage: node screenshots.mjs --page kzrules-workbench.html --out DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const { page, close } = await openWorkbench(pagePath);
const shot = async (name) => {
  const file = path.join(out, name);
  await page.screenshot({ path: file });
  console.log(file);
};
try {
  await page.click('#tab-ach');
  await page.waitForSelector('#ach tbody.claims tr');
  await shot('workbench-matrix.png');

  // The map of the counterfactual fact set, where a smoking gun confirms the strongman
  // hypothesis: claims for it on the left, against it on the right.
  await page.click('#verdicts th.factset-name >> text=counterfactual-strongmen');
  await page.click('#tab-map');
  await page.waitForSelector('#map-canvas svg g.node', { timeout: 60000 });
  await page.selectOption('.map-tools select', 'centre_periphery');
  await page.waitForSelector('#map-canvas svg g.node.claim');
  await page.click('#map-all');
  await page.waitForTimeout(300);
  await shot('workbench-map.png');
  await page.selectOption('.map-tools select', '');
  await page.waitForSelector('#map-canvas svg g.cluster >> nth=2');
  await page.click('#map-start');
  for (let i = 0; i < 5; i++) await page.click('#map-next');
  await page.waitForTimeout(500);
  await shot('workbench-map-reveal.png');

  await page.click('#tab-facts');
  await page.click('details.fact-table[data-relation="akim_term"] > summary');
  await shot('workbench-facts.png');

  await page.click('#tab-rules');
  await page.click('.editor .tab[data-file$="claims.kz"]');
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('.decl broken(x: number)\nbroken(1) :- .\n');
  await page.waitForSelector('.cm-lintRange-error', { timeout: 30000 });
  await page.waitForTimeout(300);
  await shot('workbench-rules.png');
} finally {
  await close();
}
