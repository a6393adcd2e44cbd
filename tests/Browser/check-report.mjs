// Opens a routing report in headless Chromium and prints, as JSON, what a person's browser did with it:
// console errors, page errors, any request beyond the file itself, and each chart's series and points.
// Usage: node check-report.mjs <report.html> <screenshot.png> [chromium path]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, screenshot, executable = process.env.LD_CHROMIUM || '/usr/bin/chromium'] = process.argv.slice(2);
if (!report || !screenshot) {
  console.error('usage: node check-report.mjs <report.html> <screenshot.png> [chromium]');
  process.exit(2);
}
const url = pathToFileURL(resolve(report)).href;
const profile = mkdtempSync(join(tmpdir(), 'ld-report-chromium-'));
const result = { url, consoleErrors: [], pageErrors: [], requests: [], chartsDrawn: null, charts: [], empty: [], title: null };

const context = await chromium.launchPersistentContext(profile, {
  executablePath: executable,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url) result.requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'), null, { timeout: 15000 })
    .catch(() => {});
  Object.assign(result, await page.evaluate(() => ({
    title: document.title,
    chartsDrawn: Number(document.documentElement.getAttribute('data-charts-drawn')),
    empty: [...document.querySelectorAll('figure.chart')].filter((f) => f.querySelector('p.empty')).map((f) => f.id.replace(/^figure-/, '')),
    charts: [...document.querySelectorAll('canvas[id^="chart-"]')].map((canvas) => {
      const chart = window.Chart && window.Chart.getChart(canvas);
      return {
        id: canvas.id.replace(/^chart-/, ''),
        rendered: !!chart && canvas.width > 0 && canvas.height > 0,
        type: chart ? chart.config.type : null,
        labels: chart ? chart.data.labels.length : 0,
        series: chart ? chart.data.datasets.map((d, i) => ({ label: d.label, points: d.data.length, visible: chart.isDatasetVisible(i) })) : [],
        caption: canvas.closest('figure')?.querySelector('figcaption')?.textContent ?? null,
        xTitle: chart?.options?.scales?.x?.title?.text ?? null,
        yTitle: chart?.options?.scales?.y?.title?.text ?? null,
      };
    }),
  })));
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result));
