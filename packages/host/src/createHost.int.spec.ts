import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ChildHost, hostPackageDir } from './Internal/fakes/ChildHost.js';

/** The part of esbuild's API this test uses (esbuild comes with tsup; its types are not a dependency of host). */
interface Esbuild {
  build(options: {
    entryPoints: string[];
    outfile: string;
    bundle: boolean;
    format: 'esm';
    platform: 'node';
    target: string;
    external: string[];
    tsconfigRaw: { compilerOptions: Record<string, unknown> };
    logLevel: 'silent';
  }): Promise<unknown>;
}

const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
// Inside packages/host, so the compiled fixture resolves '@baton/host' and '@baton/core' as an app would.
const outDir = join(hostPackageDir, 'test', '.tmp', `decorated-${process.pid}`);

describe('createHost through the built output', () => {
  beforeAll(() => {
    assertBuilt();
    mkdirSync(outDir, { recursive: true });
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  describe('when a service uses a static inject list (no decorators)', () => {
    it('should construct it with its dependencies from the container', async () => {
      const child = new ChildHost('test/fixtures/run-graceful.mjs');
      await child.waitFor('fixture:ready');
      child.kill('SIGTERM');
      await child.exited;

      expect(child.events('fixture:ready')[0]?.['message']).toBe('hello from TickService');
    });
  });

  describe('when a service uses @injectable and @inject, compiled without emitDecoratorMetadata', () => {
    it('should construct it and its decorated dependency, then start and stop cleanly', async () => {
      const outfile = join(outDir, 'decorated.mjs');
      await esbuild.build({
        entryPoints: [join(hostPackageDir, 'test', 'fixtures', 'decorated.ts')],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // Only the fixture is bundled; @baton/* come from the built packages.
        external: ['@baton/*'],
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: false } },
        logLevel: 'silent',
      });

      const compiled = readFileSync(outfile, 'utf8');
      expect(compiled).toContain('__decorateParam');
      expect(compiled).not.toContain('design:paramtypes');

      const child = new ChildHost(outfile);
      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 0, signal: null });
      expect(child.events('fixture:reorder')[0]).toMatchObject({ items: ['widget'], hasClock: true, host: 'fixture-decorated' });
      expect(child.events('fixture:result')[0]).toStrictEqual({
        event: 'fixture:result',
        result: { ok: true, timedOut: false, stillRunning: [], faulted: [], errors: [] },
      });
      expect(child.stderr).toBe('');
    });
  });
});
