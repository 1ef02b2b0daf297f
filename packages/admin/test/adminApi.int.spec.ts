// The admin JSON API over loopback (node:http): reads, actions, protection and bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost } from '@baton/testing';
import { defineWorkflow, every } from '@baton/core';
import { createAdmin } from '../src/index.js';
import { type Demo, startDemo, TOKEN } from './fixtures/startDemo.js';

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.stop();
  demo = undefined;
});

describe('admin API', () => {
  it('should list each workflow with its state, its schedule in words and time zone, and its next due time', async () => {
    demo = await startDemo();
    const { status, body } = await demo.request('GET', '/api/workflows');
    expect(status).toBe(200);
    const byName = Object.fromEntries(body.workflows.map((workflow: { name: string }) => [workflow.name, workflow]));
    expect(Object.keys(byName)).toStrictEqual(['orders-sync', 'nightly-report', 'unsafe']);
    expect(byName['nightly-report']).toMatchObject({
      state: 'scheduled',
      badge: 'scheduled',
      schedule: { kind: 'cron', expression: '0 2 * * *', timeZone: 'Europe/Berlin', words: 'At 02:00' },
      nextDueAt: expect.any(Number),
    });
    expect(byName['orders-sync'].schedule).toMatchObject({ kind: 'interval', words: 'Every 1 hour', periodMs: 3_600_000 });
    expect(byName.unsafe).toMatchObject({ state: 'manual', badge: 'manual', lastRuns: [] });
    expect(byName.unsafe.schedule).toBeUndefined();
  });

  it('should refuse an action without the token, or with a wrong one, with 401, and change nothing', async () => {
    demo = await startDemo();
    const without = await demo.request('POST', '/api/workflows/orders-sync/trigger', { body: {} });
    const wrong = await demo.request('POST', '/api/workflows/orders-sync/pause', { body: {}, token: 'not-the-token-at-all' });
    const basic = await fetch(`${demo.baseUrl}/api/runs/00000000-0000-7000-8000-000000000000/cancel`, {
      method: 'POST',
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect([without.status, wrong.status, basic.status]).toStrictEqual([401, 401, 401]);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await demo.workflows.runs()).runs).toHaveLength(0);
    expect((await demo.workflows.list()).find((info) => info.name === 'orders-sync')?.state).toBe('scheduled');
    expect((await demo.request('GET', '/api/audit')).body.entries).toStrictEqual([]);
  });

  it('should trigger a run with its input, show its steps, attempts and parallel members, and audit the action', async () => {
    demo = await startDemo();
    const finished = new Promise((resolve) => demo!.workflows.on('run.finished', ({ run }) => resolve(run)));
    const triggered = await demo.request('POST', '/api/workflows/orders-sync/trigger', { body: { input: { secret: 'hunter2' } }, token: true });
    expect(triggered.status).toBe(202);
    expect(triggered.body.run).toMatchObject({ workflow: 'orders-sync', trigger: 'manual', status: 'running' });
    await finished;

    const detail = await demo.request('GET', `/api/runs/${triggered.body.run.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.run.status).toBe('succeeded');
    expect(detail.body.run.steps.map((step: { name: string; group?: string; attempts: number }) => [step.name, step.group, step.attempts])).toStrictEqual([
      ['load', undefined, 1],
      ['fan-out.billing', 'fan-out', 1],
      ['fan-out.shipping', 'fan-out', 1],
      ['flaky', undefined, 2],
      ['notify', undefined, 1],
    ]);
    expect(detail.body.run.steps[3].attemptErrors[0].message).toBe('Transient failure, will retry');
    expect(JSON.stringify(detail.body)).not.toContain('"input"');

    // A traceparent header is stored on the run, so its span links to the request.
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = await fetch(`${demo.baseUrl}/api/workflows/unsafe/trigger`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, traceparent } });
    const tracedRun = ((await traced.json()) as { run: { id: string } }).run;
    expect((await demo.workflows.run(tracedRun.id))?.traceContext).toStrictEqual({ traceparent });

    const audit = await demo.request('GET', '/api/audit?target=orders-sync');
    expect(audit.body.entries).toMatchObject([
      { actor: 'admin', action: 'trigger', target: 'orders-sync', outcome: 'ok', detail: `run ${triggered.body.run.id}` },
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(TOKEN);
  });

  it('should search runs by workflow, status, trigger, time and id, a page at a time', async () => {
    demo = await startDemo();
    for (let i = 0; i < 3; i++) await demo.workflows.trigger('orders-sync');
    const failed = await demo.workflows.trigger('unsafe', { html: '<b>bold</b>' });
    const firstPage = await demo.request('GET', '/api/runs?workflow=orders-sync&limit=2');
    expect(firstPage.body.runs).toHaveLength(2);
    const secondPage = await demo.request('GET', `/api/runs?workflow=orders-sync&limit=2&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
    expect(secondPage.body.runs).toHaveLength(1);
    expect(secondPage.body.nextCursor).toBeUndefined();

    const compensated = await demo.request('GET', '/api/runs?status=compensated,failed&trigger=manual');
    expect(compensated.body.runs.map((run: { id: string }) => run.id)).toStrictEqual([failed.id]);
    expect(compensated.body.runs[0]).toMatchObject({ failedStep: 'explode', error: { message: expect.stringContaining('<script>') } });
    expect((await demo.request('GET', `/api/runs?id=${failed.id}`)).body.runs.map((run: { id: string }) => run.id)).toStrictEqual([failed.id]);
    expect((await demo.request('GET', `/api/runs?from=${new Date(failed.startedAt + 1).toISOString()}`)).body.runs).toStrictEqual([]);
  });

  it('should answer 400 with a message to an unknown filter value, an invalid id or malformed JSON, 404 to an unknown run, 413 past the body limit', async () => {
    demo = await startDemo({ token: TOKEN, bodyLimit: 1024 });
    const cases = await Promise.all([
      demo.request('GET', '/api/runs?status=exploded'),
      demo.request('GET', '/api/runs?workflow=nope'),
      demo.request('GET', '/api/runs?colour=red'),
      demo.request('GET', '/api/runs?limit=0'),
      demo.request('GET', '/api/runs?cursor=forged'),
      demo.request('GET', '/api/runs/not-a-run-id'),
      demo.request('POST', '/api/workflows/orders-sync/trigger', { raw: '{"input": ', token: true }),
      demo.request('POST', '/api/workflows/orders-sync/pause', { body: { until: 'soon' }, token: true }),
      demo.request('POST', '/api/workflows/orders-sync/pause', { body: { colour: 'red' }, token: true }),
    ]);
    expect(cases.map((answer) => answer.status)).toStrictEqual([400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(cases.map((answer) => answer.body.error)).toStrictEqual([
      expect.stringContaining('Unknown run status "exploded"'),
      "Unknown workflow 'nope'.",
      expect.stringContaining("Unknown filter 'colour'"),
      expect.stringContaining('from 1 to 500'),
      expect.stringContaining('cursor'),
      expect.stringContaining('is not a run id'),
      expect.stringContaining('Malformed JSON'),
      expect.stringContaining("'until'"),
      expect.stringContaining("Unknown field 'colour'"),
    ]);
    const unknown = '01890000-0000-7000-8000-000000000000';
    expect((await demo.request('GET', `/api/runs/${unknown}`)).status).toBe(404);
    expect((await demo.request('POST', `/api/runs/${unknown}/retry`, { token: true })).status).toBe(404);
    expect((await demo.request('POST', '/api/workflows/nope/trigger', { token: true })).status).toBe(404);
    const tooLarge = await demo.request('POST', '/api/workflows/orders-sync/trigger', { body: { input: 'x'.repeat(2048) }, token: true });
    expect(tooLarge.status).toBe(413);
    expect((await demo.workflows.runs()).runs).toHaveLength(0);
  });

  it('should pause until a time, resume, and pause and resume in bulk, each action in the audit log', async () => {
    demo = await startDemo();
    const until = Date.now() + 3_600_000;
    const paused = await demo.request('POST', '/api/workflows/orders-sync/pause', { body: { until: new Date(until).toISOString() }, token: true });
    expect(paused.status).toBe(200);
    let views = (await demo.request('GET', '/api/workflows')).body.workflows;
    expect(views[0]).toMatchObject({ name: 'orders-sync', state: 'paused', badge: 'paused', pausedUntil: until });
    await demo.request('POST', '/api/workflows/orders-sync/resume', { token: true });
    expect((await demo.workflows.list())[0]!.state).toBe('scheduled');

    expect((await demo.request('POST', '/api/workflows/pause', { body: { workflows: 'all' }, token: true })).status).toBe(200);
    expect((await demo.workflows.list()).map((info) => info.state)).toStrictEqual(['paused', 'paused', 'manual']); // "all": the scheduled ones (a manual workflow has no ticks to pause)
    expect((await demo.request('POST', '/api/workflows/resume', { body: { workflows: ['orders-sync', 'nightly-report'] }, token: true })).status).toBe(200);
    views = (await demo.request('GET', '/api/workflows')).body.workflows;
    expect(views.map((view: { state: string }) => view.state)).toStrictEqual(['scheduled', 'scheduled', 'manual']);
    const audit = (await demo.request('GET', '/api/audit?limit=3')).body;
    expect(audit.entries.map((entry: { action: string; target: string }) => `${entry.action} ${entry.target}`)).toStrictEqual([
      'resume nightly-report',
      'resume orders-sync',
      'pause nightly-report',
    ]);
    expect(audit.nextCursor).toEqual(expect.any(String));
    const rest = (await demo.request('GET', `/api/audit?limit=50&cursor=${audit.nextCursor}`)).body.entries;
    expect(rest.map((entry: { action: string; target: string; detail?: string }) => `${entry.action} ${entry.target}`)).toStrictEqual([
      'pause orders-sync',
      'resume orders-sync',
      'pause orders-sync',
    ]);
    expect(rest[2].detail).toBe(`until ${new Date(until).toISOString()}`);
  });

  it('should undo a succeeded run by hand, retry a failed one, and refuse what a run cannot do with 409', async () => {
    demo = await startDemo();
    const succeeded = await demo.workflows.trigger('orders-sync');
    const undo = await demo.request('POST', `/api/runs/${succeeded.id}/compensate`, { token: true });
    expect(undo.status).toBe(200);
    expect(undo.body.run.status).toBe('compensated');
    expect(undo.body.run.steps.filter((step: { compensation?: unknown }) => step.compensation).map((step: { name: string }) => step.name)).toStrictEqual([
      'load',
      'flaky',
    ]);
    expect(undo.body.run.recoveries).toMatchObject([{ kind: 'compensated' }]);

    const cancel = await demo.request('POST', `/api/runs/${succeeded.id}/cancel`, { token: true });
    expect(cancel.status).toBe(409);
    const audit = (await demo.request('GET', `/api/audit?target=${succeeded.id}`)).body.entries;
    expect(audit.map((entry: { action: string; outcome: string }) => `${entry.action} ${entry.outcome}`)).toStrictEqual(['cancel refused', 'compensate ok']);
  });

  it('should answer 403 to every action in read-only mode or without a token, and protect reads when asked', async () => {
    demo = await startDemo({ token: TOKEN, readOnly: true });
    expect((await demo.request('POST', '/api/workflows/orders-sync/trigger', { token: true })).status).toBe(403);
    expect((await demo.request('GET', '/api/session')).body).toMatchObject({ actions: 'read-only' });
    await demo.stop();
    demo = await startDemo({});
    const disabled = await demo.request('POST', '/api/workflows/orders-sync/trigger', { token: true });
    expect(disabled).toMatchObject({ status: 403, body: { error: expect.stringContaining('no admin token') } });
    await demo.stop();
    demo = await startDemo({ token: TOKEN, protectReads: true });
    expect((await demo.request('GET', '/api/workflows')).status).toBe(401);
    expect((await demo.request('GET', '/api/workflows', { token: true })).status).toBe(200);
    expect((await demo.request('GET', '/')).status).toBe(200);
    expect((await demo.workflows.runs()).runs).toHaveLength(0);
  });

  it('should serve the dashboard page without the token in it, with a strict content security policy', async () => {
    demo = await startDemo({ token: TOKEN, title: '<Shop & "Co">' });
    const page = await demo.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('&#60;Shop &#38; &#34;Co&#34;&#62;');
    expect(page.body).not.toContain(TOKEN);
    const script = await demo.request('GET', '/assets/dashboard.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.body).not.toContain('innerHTML');
    expect((await demo.request('GET', '/assets/nope.js')).status).toBe(404);
  });

  it('should refuse bad options at creation with BATON_ERR_ADMIN_API_INVALID_OPTIONS, never echoing the token', async () => {
    const host = (await import('@baton/host')).createHost();
    expect(() => createAdmin(host, { token: 'short-secret' })).toThrow(expect.objectContaining({ code: 'BATON_ERR_ADMIN_API_INVALID_OPTIONS' }));
    expect(() => createAdmin(host, { token: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => createAdmin(host, { prefix: 'baton/' })).toThrow(/prefix/);
    expect(() => createAdmin(host, { protectReads: true })).toThrow(/protectReads needs a token/);
    expect(() => createAdmin(host, { colour: 'red' } as never)).toThrow(/Unknown admin option 'colour'/);
  });
});

describe('tick ledger', () => {
  it('should record fired, late, skipped and missed ticks per schedule, bounded, newest first', async () => {
    const workflow = defineWorkflow('every-minute')
      .schedule(every('1m'))
      .step('work', () => 'done');
    const t = await createTestHost((builder) => builder.addWorkflow(workflow));
    const admin = createAdmin(t.host, { tickLedgerSize: 3 });
    try {
      await t.advance('5m');
      const answer = await admin.handle({ method: 'GET', url: '/baton/api/ticks?workflow=every-minute', headers: {} });
      expect(answer?.kind).toBe('body');
      const { ticks } = JSON.parse((answer as { body: string }).body) as { ticks: { outcome: string; scheduledAt: number }[] };
      expect(ticks.map((tick) => tick.outcome)).toStrictEqual(['fired', 'fired', 'fired']);
      expect(ticks[0]!.scheduledAt).toBeGreaterThan(ticks[1]!.scheduledAt);
      const unknown = await admin.handle({ method: 'GET', url: '/baton/api/ticks?workflow=nope', headers: {} });
      expect(unknown?.kind === 'body' && unknown.status).toBe(400);
    } finally {
      admin.close();
      await t.host.stop();
    }
  });
});

describe('admin API with instrumentation', () => {
  it('should serve the liveness and readiness probes and /metrics under its prefix, and list the hosted services', async () => {
    const { createHost } = await import('@baton/host');
    const { instrument } = await import('../src/index.js');
    const { NullLogger, defineWorkflow } = await import('@baton/core');
    const host = createHost({ name: 'probed', logger: NullLogger });
    host.addWorkflow(defineWorkflow('only').step('one', () => 1));
    const admin = createAdmin(host, { token: TOKEN, protectReads: true, instrumentation: instrument(host) });
    await host.start();
    try {
      const get = async (url: string, token?: string) =>
        (await admin.handle({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })) as {
          status: number;
          headers: Record<string, string>;
          body: string;
        };
      const live = await get('/baton/health/live');
      const ready = await get('/baton/health/ready');
      expect([live.status, ready.status]).toStrictEqual([200, 200]);
      expect(live.headers['content-type']).toMatch(/health\+json/);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'pass' });
      expect((await get('/baton/metrics')).status).toBe(401);
      const metrics = await get('/baton/metrics', TOKEN);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('baton_');
      const services = JSON.parse((await get('/baton/api/services', TOKEN)).body) as { services: { name: string; state: string }[] };
      expect(services.services).toContainEqual(expect.objectContaining({ name: 'WorkflowEngine', state: 'running' }));
    } finally {
      admin.close();
      await host.stop();
    }
  });
});
