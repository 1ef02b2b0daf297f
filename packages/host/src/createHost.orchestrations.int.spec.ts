// Loading orchestration packages by name, from real files: installed packages under a node_modules folder and a
// configured directory, both written by the test under packages/host/test/.tmp (so they resolve @baton/core).
import { BatonError, BatonErrorCode, defineWorkflow, every, token, Workflows } from '@baton/core';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostOptions } from './HostOptions.js';
import { DefaultHost } from './Internal/DefaultHost.js';
import { hostPackageDir } from './Internal/fakes/ChildHost.js';
import { FakeProcess } from './Internal/fakes/FakeProcess.js';
import { ManualClock } from './Internal/fakes/ManualClock.js';
import { RecordingLogger } from './Internal/fakes/RecordingLogger.js';
import { resolveHostOptions } from './Internal/resolveHostOptions.js';

const root = join(hostPackageDir, 'test', '.tmp', `orchestrations-${process.pid}`);
const app = join(root, 'app');
const directory = join(root, 'orchestrations');
const outside = join(root, 'outside');
const journal: string[] = [];

/** Writes a package: package.json (ESM entry index.mjs) and index.mjs with `source`. */
function writePackage(folder: string, name: string, source: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, type: 'module', exports: { '.': { import: './index.mjs' } } }));
  writeFileSync(join(folder, 'index.mjs'), source);
}

/** A package whose entry point registers a scheduled workflow named after it, and notes its options. */
function workflowPackage(name: string, exportName: string): string {
  return `import { addWorkflow, defineWorkflow, every } from '@baton/core';
export function ${exportName}(builder, options) {
  globalThis.__orchestrationJournal.push('${name}:' + JSON.stringify(options ?? null));
  addWorkflow(builder, defineWorkflow('${name}').schedule(every('1m')).step('run', () => '${name} ran'));
}`;
}

function createTestHost(options: HostOptions, env: Record<string, string> = {}) {
  const logger = new RecordingLogger();
  const clock = new ManualClock();
  const resolved = resolveHostOptions({ ...options, logger, clock }, { env, isTTY: false, cwd: app });
  const host = new DefaultHost(resolved, { process: new FakeProcess(), random: () => 0.5, writeStderr: () => {} });
  return { host, logger, clock };
}

async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  try {
    await promise;
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a rejection.');
}

function thrown(action: () => unknown): BatonError {
  try {
    action();
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a throw.');
}

describe('createHost({ orchestrations })', () => {
  beforeAll(() => {
    (globalThis as { __orchestrationJournal?: string[] }).__orchestrationJournal = journal;
    const modules = join(app, 'node_modules', '@baton');
    writePackage(join(modules, 'orchestration-stock-count'), '@baton/orchestration-stock-count', workflowPackage('stock-count', 'addStockCountOrchestration'));
    writePackage(join(modules, 'orchestration-price-feed'), '@baton/orchestration-price-feed', workflowPackage('price-feed', 'addPriceFeedOrchestration'));
    writePackage(
      join(directory, 'mailer'),
      '@acme/mailer',
      `export function addMailerOrchestration(builder) {
  builder.services.addSingleton(Symbol.for('test/Mailer'), { useValue: { send: (text) => 'sent ' + text } });
}`,
    );
    writePackage(join(directory, 'broken'), '@acme/broken', `export function addBrokenOrchestration() { throw new Error('the broken option is required'); }`);
    writePackage(join(directory, 'misnamed'), '@acme/misnamed', `export function addOrchestration() {}\nexport const version = 1;`);
    writePackage(outside, '@evil/outside', `globalThis.__orchestrationJournal.push('outside evaluated');\nexport function addEscapeOrchestration() {}`);
    symlinkSync(outside, join(directory, 'escape'), 'dir');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('when installed packages are named in orchestrations.load', () => {
    it('should call each add<Name>Orchestration in order with its options, then run their workflows', async () => {
      journal.length = 0;
      const { host, logger, clock } = createTestHost({ orchestrations: { load: ['stock-count', 'price-feed'], options: { 'price-feed': { every: '5m' } } } });

      await host.start();
      await clock.advanceBy(0);
      const workflows = await host.provider.get(Workflows).list();
      await host.stop();

      expect(journal).toStrictEqual(['stock-count:null', 'price-feed:{"every":"5m"}']);
      expect(workflows.map((workflow) => [workflow.name, workflow.lastRun?.status])).toStrictEqual([
        ['stock-count', 'succeeded'],
        ['price-feed', 'succeeded'],
      ]);
      expect(
        logger.events('host:orchestration:loaded').map((entry) => [entry.fields['orchestration'], entry.fields['package'], entry.fields['source']]),
      ).toStrictEqual([
        ['stock-count', '@baton/orchestration-stock-count', 'installed'],
        ['price-feed', '@baton/orchestration-price-feed', 'installed'],
      ]);
    });
  });

  describe('when BATON_ORCHESTRATIONS is set', () => {
    it('should load only the orchestrations it names, in place of orchestrations.load', async () => {
      journal.length = 0;
      const { host } = createTestHost({ orchestrations: { load: ['stock-count', 'price-feed'] } }, { BATON_ORCHESTRATIONS: ' price-feed ' });

      await host.start();
      const names = (await host.provider.get(Workflows).list()).map((workflow) => workflow.name);
      await host.stop();

      expect([journal, names]).toStrictEqual([['price-feed:null'], ['price-feed']]);
    });

    it('should load none when it is empty', async () => {
      const { host } = createTestHost({ orchestrations: { load: ['stock-count'] } }, { BATON_ORCHESTRATIONS: '' });

      await host.start();
      await host.stop();

      expect(host.services.has(Workflows)).toBe(false);
    });
  });

  describe('when a name is unknown', () => {
    it('should fail the start listing what is available, having loaded nothing', async () => {
      journal.length = 0;
      const { host } = createTestHost({ orchestrations: { load: ['stock-count', 'stock-cuont'], directory } });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.OrchestrationUnknown);
      expect(error.message).toContain("Unknown orchestration 'stock-cuont' in orchestrations.load");
      // Also the workspace's own packages, installed above the test's folder: the lookup is Node's.
      expect(error.message).toMatch(
        /Available: broken \(directory\), (.+, )?mailer \(directory\), misnamed \(directory\), price-feed \(installed\), stock-count \(installed\)/,
      );
      expect(error.message).not.toContain('escape');
      expect(journal).toStrictEqual([]);
      expect(host.services.has(Workflows)).toBe(false);
      expect(host.state).toBe('stopped');
    });
  });

  describe('when a name is not kebab-case or tries to escape the directory', () => {
    it.each([['../outside'], ['/etc/passwd'], ['@baton/orchestration-stock-count'], ['StockCount'], ['stock--count'], ['']])(
      'should throw BATON_ERR_ORCHESTRATION_INVALID_NAME for %j at createHost',
      (name) => {
        const error = thrown(() => createTestHost({ orchestrations: { load: [name], directory } }));

        expect(error.code).toBe(BatonErrorCode.OrchestrationInvalidName);
        expect(error.message).toContain('Nothing was loaded.');
      },
    );

    it('should refuse a bad name from BATON_ORCHESTRATIONS too, and a name listed twice', () => {
      expect(thrown(() => createTestHost({}, { BATON_ORCHESTRATIONS: 'stock-count,../../x' })).message).toContain(
        '"../../x" in BATON_ORCHESTRATIONS is a path',
      );
      expect(thrown(() => createTestHost({ orchestrations: { load: ['stock-count', 'stock-count'] } })).code).toBe(BatonErrorCode.OrchestrationInvalidName);
    });

    it('should refuse a package that is a symbolic link out of the directory, without importing it', async () => {
      journal.length = 0;
      const { host } = createTestHost({ orchestrations: { load: ['mailer', 'escape'], directory } });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.OrchestrationOutsideDirectory);
      expect(error.message).toContain("Orchestration 'escape'");
      expect(journal).toStrictEqual([]);
    });
  });

  describe('when an entry point throws or is missing', () => {
    it('should fail the start with BATON_ERR_ORCHESTRATION_LOAD_FAILED naming the package, and not run', async () => {
      const { host } = createTestHost({ orchestrations: { load: ['stock-count', 'broken'], directory } });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.OrchestrationLoadFailed);
      expect(error.message).toContain("Orchestration 'broken' (@acme/broken) failed to register: addBrokenOrchestration threw: the broken option is required");
      expect((error.cause as Error).message).toBe('the broken option is required');
      expect(host.state).toBe('stopped');
    });

    it('should name the function it looked for and what the package exports', async () => {
      const { host } = createTestHost({ orchestrations: { load: ['misnamed'], directory } });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.OrchestrationLoadFailed);
      expect(error.message).toContain('does not export a function addMisnamedOrchestration; it exports addOrchestration, version.');
    });
  });

  describe('when a lazy workflow uses a service that a loaded package binds', () => {
    const Mailer = token<{ send(text: string): string }>('test/Mailer');
    const newsletter = defineWorkflow('newsletter')
      .schedule(every('1m'))
      .options({ requires: 'lazy' })
      .uses(Mailer)
      .step('send', ({ get }) => get(Mailer).send('news'));

    it('should be waiting without the package and scheduled, running, once the package loads', async () => {
      const without = createTestHost({ orchestrations: { directory } });
      without.host.addWorkflow(newsletter);
      await without.host.start();
      const waiting = await without.host.provider.get(Workflows).list();
      const health = await without.host.health();
      await without.host.stop();

      const loaded = createTestHost({ orchestrations: { load: ['mailer'], directory } });
      loaded.host.addWorkflow(newsletter);
      await loaded.host.start();
      await loaded.clock.advanceBy(0);
      const healed = await loaded.host.provider.get(Workflows).list();
      const healthy = await loaded.host.health();
      await loaded.host.stop();

      expect(waiting.map(({ state, missing }) => ({ state, missing }))).toStrictEqual([{ state: 'waiting', missing: ['test/Mailer'] }]);
      expect(health.entries['workflows']?.status).toBe('degraded');
      expect(healed.map(({ state, lastRun }) => ({ state, output: lastRun?.outputSummary }))).toStrictEqual([{ state: 'scheduled', output: '"sent news"' }]);
      expect(healthy.entries['workflows']?.status).toBe('healthy');
    });
  });
});
