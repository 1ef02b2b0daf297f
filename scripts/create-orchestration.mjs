#!/usr/bin/env node
// Scaffolds an orchestration package that follows the convention (and passes scripts/check-orchestrations.mjs):
//
//   pnpm create-orchestration <name> [--dir <packages dir>] [--no-install]
//
// writes packages/orchestration-<name>/ (@baton/orchestration-<name>): src/add<Name>Orchestration.ts (the one entry
// point), src/BackgroundServices/<Name>BackgroundService.ts (a scheduled workflow with an example step) and its
// spec on @baton/testing, src/Interfaces/ (the two services it composes, each an interface and a token), an
// options type, src/index.ts, README.md, LICENSE, package.json, tsconfig.json and tsup.config.ts, shaped like
// packages/core. It builds and its test passes with no edits.
//
// <name> is kebab-case (`billing`, `tenant-offboarding`). An existing package, or a name that is not kebab-case,
// is refused with a message and nothing is written. The files are written to a temporary folder next to the
// target and renamed into place, so a failure half-way leaves nothing behind.
//
// Into this repository's packages/ it then runs `pnpm install` to link the new workspace package (skip with
// --no-install). With --dir elsewhere it only writes the files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PNPM = ['-y', 'pnpm@10.34.9'];

/** `tenant-offboarding` → `TenantOffboarding`. */
export function pascalCase(kebab) {
  return kebab.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/** Why `name` cannot be scaffolded into `packagesDir`, or undefined when it can. */
export function refusal(name, packagesDir) {
  if (name === undefined || name === '') return 'Give the orchestration a name: pnpm create-orchestration <name>, e.g. pnpm create-orchestration billing.';
  if (name.startsWith('orchestration-')) return `Give the name without the prefix: '${name.slice('orchestration-'.length)}' makes orchestration-${name.slice('orchestration-'.length)}.`;
  if (!KEBAB.test(name)) {
    const suggestion = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
    return `'${name}' is not kebab-case (lowercase letters and digits in words joined by single hyphens, starting with a letter)${KEBAB.test(suggestion) ? `; try '${suggestion}'` : ''}.`;
  }
  const target = join(packagesDir, `orchestration-${name}`);
  if (existsSync(target)) return `${relative(process.cwd(), target) || target} already exists; pick another name or remove it first.`;
  return undefined;
}

/** The files of the package, by path relative to its folder. */
export function templates(name) {
  const Name = pascalCase(name);
  const pkg = `@baton/orchestration-${name}`;
  const files = new Map();

  files.set('package.json', `${JSON.stringify(
    {
      name: pkg,
      version: '0.1.0',
      description: `Baton orchestration: ${name}.`,
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      main: './dist/index.cjs',
      module: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      },
      files: ['dist', 'README.md'],
      engines: { node: '>=20.19' },
      scripts: { build: 'tsup' },
      peerDependencies: { '@baton/core': 'workspace:^' },
      devDependencies: { '@baton/core': 'workspace:^', '@baton/host': 'workspace:^', '@baton/testing': 'workspace:^' },
    },
    null,
    2,
  )}\n`);

  // The repository's license text, as every package ships it.
  const license = join(repoRoot, 'LICENSE');
  if (existsSync(license)) files.set('LICENSE', readFileSync(license, 'utf8'));

  files.set('tsconfig.json', `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
`);

  files.set('tsup.config.ts', `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: false,
  target: 'node20',
  outDir: 'dist',
});
`);

  files.set('src/index.ts', `/**
 * ${pkg}: TODO say in one sentence what this orchestration coordinates. Depends on \`@baton/core\` alone: the app
 * binds the interfaces below.
 *
 * @packageDocumentation
 */

// Entry point
export { add${Name}Orchestration } from './add${Name}Orchestration.js';
export type { ${Name}Options } from './${Name}Options.js';

// BackgroundServices
export { ${Name}BackgroundService } from './BackgroundServices/${Name}BackgroundService.js';

// Interfaces
export { ${Name}Sink } from './Interfaces/${Name}Sink.js';
export { ${Name}Source } from './Interfaces/${Name}Source.js';
export type { ${Name}Item } from './Interfaces/${Name}Source.js';
`);

  files.set(`src/${Name}Options.ts`, `import type { Duration } from '@baton/core';

/** Options of {@link add${Name}Orchestration}, checked when it is called. */
export interface ${Name}Options {
  /** How often the workflow runs. Defaults to \`'1m'\`. */
  readonly every?: Duration;
}
`);

  files.set(`src/add${Name}Orchestration.ts`, `import { addWorkflow, BatonError, BatonErrorCode, parseDuration, type HostBuilder } from '@baton/core';
import { ${Name}BackgroundService } from './BackgroundServices/${Name}BackgroundService.js';
import type { ${Name}Options } from './${Name}Options.js';

/**
 * Registers the ${name} orchestration on a host: the scheduled \`${name}\` workflow.
 *
 * @remarks The app binds the services it composes: {@link ${Name}Source} and {@link ${Name}Sink}. A missing one fails
 * the host's start with BATON_ERR_DI_MISSING_BINDING.
 * @param builder - The host (\`createHost()\` from \`@baton/host\`, or a test host's builder).
 * @param options - See {@link ${Name}Options}.
 * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option.
 * @example
 * \`\`\`ts
 * const host = createHost();
 * host.services.addSingleton(${Name}Source, MySource).addSingleton(${Name}Sink, MySink);
 * add${Name}Orchestration(host, { every: '5m' });
 * await host.start();
 * \`\`\`
 */
export function add${Name}Orchestration(builder: HostBuilder, options: ${Name}Options = {}): void {
  const { every = '1m', ...unknown } = options;
  if (Object.keys(unknown).length > 0) {
    throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, \`add${Name}Orchestration(): unknown option \${Object.keys(unknown).map((key) => \`'\${key}'\`).join(', ')}; known options: every.\`);
  }
  let everyMs: number;
  try {
    everyMs = parseDuration(every, 'options.every');
  } catch (error) {
    throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, \`add${Name}Orchestration(): options.every must be a duration like '1m'; got \${JSON.stringify(every)}.\`, { cause: error });
  }
  if (everyMs <= 0) throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, \`add${Name}Orchestration(): options.every must be greater than zero; got \${JSON.stringify(every)}.\`);
  addWorkflow(builder, ${Name}BackgroundService.define(everyMs));
}
`);

  files.set(`src/Interfaces/${Name}Source.ts`, `import { token } from '@baton/core';

/** One piece of work the source hands out. */
export interface ${Name}Item {
  readonly id: string;
}

/** Where the work comes from. TODO: rename and shape it after the service your orchestration reads. */
export interface ${Name}Source {
  /** The items to handle now. */
  list(signal: AbortSignal): Promise<readonly ${Name}Item[]>;
}

/** DI token for {@link ${Name}Source}; the value and the type share one name. */
export const ${Name}Source = token<${Name}Source>('${pkg}/${Name}Source');
`);

  files.set(`src/Interfaces/${Name}Sink.ts`, `import { token } from '@baton/core';
import type { ${Name}Item } from './${Name}Source.js';

/** Where the work goes. TODO: rename and shape it after the service your orchestration calls. */
export interface ${Name}Sink {
  /** Handles \`item\`; must be idempotent on \`idempotencyKey\` (a retried attempt sends the same key). */
  handle(item: ${Name}Item, idempotencyKey: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link ${Name}Sink}; the value and the type share one name. */
export const ${Name}Sink = token<${Name}Sink>('${pkg}/${Name}Sink');
`);

  files.set(`src/BackgroundServices/${Name}BackgroundService.ts`, `import { defineWorkflow, every, type Duration, type Workflow } from '@baton/core';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source, type ${Name}Item } from '../Interfaces/${Name}Source.js';

/**
 * The scheduled \`${name}\` workflow: read the items from {@link ${Name}Source}, hand each to {@link ${Name}Sink}.
 *
 * @remarks In Baton a .NET \`BackgroundService\` loop becomes a workflow that the host's workflow engine runs, so this
 * "background service" is the workflow's definition. Each run gets a fresh DI scope; steps retry on their policy;
 * \`run.idempotencyKey\` depends on the schedule slot only, so pass it on to make side effects idempotent.
 */
export const ${Name}BackgroundService = Object.freeze({
  /** The workflow's name: \`'${name}'\`. */
  workflowName: '${name}' as const,

  /** Builds the workflow, running every \`interval\`. */
  define(interval: Duration): Workflow<undefined, number> {
    return defineWorkflow(${Name}BackgroundService.workflowName)
      .schedule(every(interval))
      .uses(${Name}Source, ${Name}Sink)
      .step('load', ({ get, signal }): Promise<readonly ${Name}Item[]> => get(${Name}Source).list(signal), { retry: { attempts: 3, delay: '1s' } })
      .step(
        'handle',
        // The example step: TODO replace with your orchestration's work.
        async ({ input, get, signal, run, log }) => {
          const sink = get(${Name}Sink);
          for (const item of input) await sink.handle(item, \`\${run.idempotencyKey}/\${item.id}\`, signal);
          log.info('Items handled', { count: input.length });
          return input.length;
        },
        { retry: { attempts: 3, delay: '1s' }, timeout: '30s' },
      );
  },
});
`);

  files.set(`src/BackgroundServices/${Name}BackgroundService.spec.ts`, `import { createTestHost } from '@baton/testing';
import { describe, expect, it } from 'vitest';
import { add${Name}Orchestration } from '../add${Name}Orchestration.js';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source } from '../Interfaces/${Name}Source.js';
import { ${Name}BackgroundService } from './${Name}BackgroundService.js';

describe(${Name}BackgroundService.workflowName, () => {
  describe('when the host runs for two minutes', () => {
    it('should run every minute on the virtual clock and hand each item to the sink with a per-slot key', async () => {
      const handled: string[] = [];
      const t = await createTestHost((builder) => {
        builder.services
          .addSingleton(${Name}Source, { useValue: { list: async () => [{ id: 'a' }, { id: 'b' }] } })
          .addSingleton(${Name}Sink, { useValue: { handle: async (_item, key) => void handled.push(key) } });
        add${Name}Orchestration(builder, { every: '1m' });
      });

      await t.advance('2m');
      await t.stop();

      expect(await t.statuses(${Name}BackgroundService.workflowName)).toStrictEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(handled.slice(0, 2)).toStrictEqual(['${name}@2026-01-01T00:00:00.000Z/a', '${name}@2026-01-01T00:00:00.000Z/b']);
      expect(t.logs.messages('error')).toStrictEqual([]);
    });
  });
});
`);

  files.set('README.md', `# ${pkg}

## About

TODO: what this orchestration coordinates, across which services. It is an orchestration package: it owns no
domain and no data, depends on \`@baton/core\` alone and composes services through the interfaces in
[\`src/Interfaces/\`](src/Interfaces), which the app binds.

## Key features

- **\`${name}\`**, a scheduled workflow (every \`options.every\`, default 1 minute): loads the items from
  \`${Name}Source\` and hands each one to \`${Name}Sink\`, with retries.
- **Idempotent per tick**: the key passed to the sink is \`<run.idempotencyKey>/<item id>\`, stable for a slot.
- **One entry point**, \`add${Name}Orchestration(builder, options?)\`; options checked at registration.

## How to use

\`\`\`ts
import { createHost } from '@baton/host';
import { add${Name}Orchestration, ${Name}Sink, ${Name}Source } from '${pkg}';

const host = createHost();
host.services
  .addSingleton(${Name}Source, { useValue: { list: async () => [{ id: 'a' }] } })
  .addSingleton(${Name}Sink, { useValue: { handle: async (item, key) => console.log('handled', item.id, key) } });
add${Name}Orchestration(host, { every: '1m' });
await host.run();
\`\`\`

Test it on a virtual clock with \`@baton/testing\`; see
[\`${Name}BackgroundService.spec.ts\`](src/BackgroundServices/${Name}BackgroundService.spec.ts).

## Main types

| Type | What it is |
| --- | --- |
| \`add${Name}Orchestration\` | Registers the workflow on a \`HostBuilder\`. |
| \`${Name}Options\` | \`every\`: the interval. |
| \`${Name}BackgroundService\` | The workflow's name and definition. |
| \`${Name}Source\`, \`${Name}Sink\` | The services it composes: interfaces and tokens the app binds. |

## Related packages

- [\`@baton/core\`](../core/README.md): workflows, schedules, DI.
- [\`@baton/testing\`](../testing/README.md): the test host on a virtual clock.
- [\`@baton/orchestration-tenant-provisioning\`](../orchestration-tenant-provisioning/README.md) and
  [\`@baton/orchestration-inventory-sync\`](../orchestration-inventory-sync/README.md): two real orchestrations.
`);
  return files;
}

function parseArgs(argv) {
  const args = { name: undefined, dir: undefined, install: true, errors: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--dir') {
      args.dir = argv[++index];
      if (args.dir === undefined) args.errors.push('--dir needs a folder: --dir <packages dir>.');
    } else if (arg.startsWith('--dir=')) args.dir = arg.slice('--dir='.length);
    else if (arg === '--no-install') args.install = false;
    else if (arg.startsWith('-')) args.errors.push(`Unknown option '${arg}'. Usage: pnpm create-orchestration <name> [--dir <packages dir>] [--no-install]`);
    else if (args.name === undefined) args.name = arg;
    else args.errors.push(`One name only; got '${args.name}' and '${arg}'.`);
  }
  return args;
}

/** Writes the package; returns its folder. Throws (writing nothing) on a refusal. */
export function createOrchestration(name, packagesDir) {
  const problem = refusal(name, packagesDir);
  if (problem !== undefined) throw Object.assign(new Error(problem), { refused: true });
  const target = join(packagesDir, `orchestration-${name}`);
  const staging = join(packagesDir, `.orchestration-${name}.${process.pid}.tmp`);
  try {
    for (const [path, text] of templates(name)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), text);
    }
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.errors.length > 0) {
    console.error(`create-orchestration: ${args.errors.join(' ')}`);
    return 1;
  }
  const packagesDir = resolve(args.dir ?? join(repoRoot, 'packages'));
  if (!existsSync(packagesDir)) {
    console.error(`create-orchestration: ${packagesDir} does not exist.`);
    return 1;
  }
  let target;
  try {
    target = createOrchestration(args.name, packagesDir);
  } catch (error) {
    console.error(`create-orchestration: ${error.message} Nothing was written.`);
    return 1;
  }
  const shown = relative(process.cwd(), target) || target;
  const Name = pascalCase(args.name);
  console.log(`Created ${shown} (@baton/orchestration-${args.name}):`);
  for (const path of templates(args.name).keys()) console.log(`  ${path}`);
  const inRepo = packagesDir === join(repoRoot, 'packages');
  if (inRepo && args.install) {
    console.log('\nLinking the workspace package: npx -y pnpm@10.34.9 install');
    const result = spawnSync('npx', [...PNPM, 'install'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) {
      console.error('create-orchestration: pnpm install failed; run `npx -y pnpm@10.34.9 install` yourself to link the package.');
      return 1;
    }
  }
  console.log(`
Next:
${inRepo && args.install ? '' : '  npx -y pnpm@10.34.9 install                      # link the new workspace package\n'}  npx -y pnpm@10.34.9 --filter @baton/orchestration-${args.name} build
  npx vitest run ${relative(repoRoot, target).split('\\').join('/')}            # its test, on a virtual clock
  node scripts/check-orchestrations.mjs ${relative(repoRoot, target).split('\\').join('/')}
Then edit the example step in src/BackgroundServices/${Name}BackgroundService.ts and register it in your app
with add${Name}Orchestration(host).`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
