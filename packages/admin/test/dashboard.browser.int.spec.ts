// The dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): it loads, shows a
// run's steps in the timeline, and its buttons trigger, pause and undo, with live updates; HTML from a failing step
// or an input shows as text. Screenshots go to packages/admin/artifacts/ (gitignored; CI keeps them).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo, TOKEN } from './fixtures/startDemo.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DEADLINE = 10_000;

let demo: Demo;
let context: BrowserContext;
let page: Page;
let profile: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo();
  profile = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  // A fresh profile each run (--user-data-dir, set by launchPersistentContext); headless adds --headless.
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
  });
});

afterAll(async () => {
  await context?.close();
  await demo?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function confirmDialog(fields: Record<string, string> = {}): Promise<void> {
  const dialog = page.getByTestId('dialog');
  await dialog.waitFor({ timeout: DEADLINE });
  for (const [name, value] of Object.entries(fields)) await page.getByTestId(`dialog-${name}`).fill(value);
  await page.getByTestId('dialog-confirm').click();
  await dialog.waitFor({ state: 'detached', timeout: DEADLINE });
}

describe('the dashboard in headless Chromium', () => {
  it('should load the overview with every workflow, its schedule in words and its state', async () => {
    const run = await demo.workflows.trigger('orders-sync');
    expect(run.status).toBe('succeeded');
    await page.goto(demo.baseUrl + '/');
    await page.getByTestId('workflow-orders-sync').waitFor({ timeout: DEADLINE });
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor({ timeout: DEADLINE });
    expect(await page.getByTestId('workflow-nightly-report').innerText()).toContain('At 02:00');
    expect(await page.getByTestId('workflow-nightly-report').innerText()).toContain('Europe/Berlin');
    expect(await page.getByTestId('workflow-orders-sync').getByTestId('badge').getAttribute('data-badge')).toBe('scheduled');
    expect(await page.content()).not.toContain(TOKEN);
    await shot('01-overview');
  });

  it('should show a run that happened with its steps, parallel group and retries in the timeline', async () => {
    const [run] = (await demo.workflows.runs({ workflow: 'orders-sync' })).runs;
    await page.goto(`${demo.baseUrl}/#/runs/${run!.id}`);
    await page.getByTestId('timeline').waitFor({ timeout: DEADLINE });
    const steps = await page
      .getByTestId('timeline-step')
      .evaluateAll((rows) => rows.map((row) => `${(row as HTMLElement).dataset.step} ${(row as HTMLElement).dataset.status}`));
    expect(steps).toStrictEqual(['load succeeded', 'fan-out.billing succeeded', 'fan-out.shipping succeeded', 'flaky succeeded', 'notify succeeded']);
    expect(await page.getByTestId('timeline-group').getAttribute('data-group')).toBe('fan-out');
    expect(await page.locator('[data-step="flaky"] .tl-attempt').allInnerTexts()).toStrictEqual(['#1', '#2']);
    await shot('02-run-timeline');
  });

  it('should trigger a run from its button, with confirmation, and show it live', async () => {
    await page.goto(demo.baseUrl + '/');
    await page.evaluate((token) => sessionStorage.setItem('baton-admin-token', token), TOKEN);
    await page.reload();
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor({ timeout: DEADLINE });
    const before = (await demo.workflows.runs({ workflow: 'unsafe' })).runs.length;
    await page.getByTestId('trigger-unsafe').click();
    await confirmDialog({ input: '{"note": "<b>bold</b><img src=x onerror=\\"window.__pwned=true\\">"}' });
    // The run ends failed; the overview shows it without a reload (server-sent events).
    const lastRun = page.getByTestId('workflow-unsafe').locator('.last [data-status="compensated"]');
    await lastRun.waitFor({ timeout: DEADLINE });
    expect((await demo.workflows.runs({ workflow: 'unsafe' })).runs.length).toBe(before + 1);
    await shot('03-triggered-live');
  });

  it('should show a run started elsewhere without a reload, over server-sent events', async () => {
    await page.goto(`${demo.baseUrl}/#/runs?workflow=orders-sync`);
    await page.getByTestId('runs').waitFor({ timeout: DEADLINE });
    const rowsBefore = await page.getByTestId('run-row').count();
    const marker = await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      return true;
    });
    expect(marker).toBe(true);
    const run = await demo.workflows.trigger('orders-sync'); // not through the page
    await page.locator(`[data-testid="run-row"][data-run="${run.id}"]`).waitFor({ timeout: DEADLINE });
    expect(await page.getByTestId('run-row').count()).toBe(rowsBefore + 1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true); // no reload
  });

  it('should show a step error with <script> and an input with HTML as text, and run neither', async () => {
    const [run] = (await demo.workflows.runs({ workflow: 'unsafe' })).runs;
    await page.goto(`${demo.baseUrl}/#/runs/${run!.id}`);
    const error = page.getByTestId('step-error');
    await error.waitFor({ timeout: DEADLINE });
    expect(await error.innerText()).toBe('<script>window.__pwned = true</script><img src=x onerror="window.__pwned=true">');
    expect(await page.getByTestId('run-error').innerText()).toContain('<script>window.__pwned = true</script>');
    expect(await page.locator('main').innerText()).toContain('<b>bold</b>');
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await shot('04-html-as-text');
  });

  it('should pause a workflow from its button and show it paused', async () => {
    await page.goto(demo.baseUrl + '/');
    await page.getByTestId('pause-nightly-report').click();
    await confirmDialog();
    await page.getByTestId('workflow-nightly-report').locator('[data-badge="paused"]').waitFor({ timeout: DEADLINE });
    expect((await demo.workflows.list()).find((info) => info.name === 'nightly-report')?.state).toBe('paused');
    await page.getByTestId('resume-nightly-report').waitFor({ timeout: DEADLINE });
    await shot('05-paused');

    // Failures only: the workflow whose last run was compensated stays, the healthy ones go.
    await page.getByTestId('failures-only').check();
    await page.getByTestId('workflow-orders-sync').waitFor({ state: 'detached', timeout: DEADLINE });
    expect(
      await page.locator('[data-testid="workflows"] tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.workflow)),
    ).toStrictEqual(['unsafe']);
  });

  it('should undo a succeeded run from its page, and show the compensation lane', async () => {
    const run = await demo.workflows.trigger('orders-sync');
    await page.goto(`${demo.baseUrl}/#/runs/${run.id}`);
    await page.getByTestId('run-compensate').click();
    await confirmDialog();
    await page.getByTestId('timeline-compensation').waitFor({ timeout: DEADLINE });
    expect(await page.locator('.run-head [data-status="compensated"]').count()).toBe(1);
    expect((await demo.workflows.run(run.id))?.status).toBe('compensated');
    const lane = await page.getByTestId('timeline-compensation-step').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.step));
    expect(lane).toStrictEqual(['flaky', 'load']);
    await shot('06-undo-compensated');
  });

  it('should list the audit log, the tick ledger and the instances', async () => {
    await page.goto(`${demo.baseUrl}/#/audit`);
    await page.getByTestId('audit').waitFor({ timeout: DEADLINE });
    const actions = await page.locator('[data-testid="audit"] tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.action));
    // Newest first: the page's actions (the test's own Workflows.trigger calls carry no actor, so they are not audited).
    expect(actions).toStrictEqual(['compensate', 'pause', 'trigger']);
    expect(await page.content()).not.toContain(TOKEN);
    await shot('07-audit');
    await page.goto(`${demo.baseUrl}/#/instances`);
    await page.getByTestId('instances').waitFor({ timeout: DEADLINE });
    expect(await page.getByTestId('instances').innerText()).toContain(String(process.pid));
    await shot('08-instances');
    await page.goto(`${demo.baseUrl}/#/runs?status=compensated`);
    await page.getByTestId('runs').waitFor({ timeout: DEADLINE });
    const statuses = await page.getByTestId('run-row').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.status));
    expect(new Set(statuses)).toStrictEqual(new Set(['compensated']));
    await shot('09-runs-search');
    expect(pageErrors).toStrictEqual([]);
  });
});
