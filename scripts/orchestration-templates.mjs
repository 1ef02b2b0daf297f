// The files that scripts/create-orchestration.mjs writes for a new orchestration package, by path relative to the
// package folder. Two kinds, both following the convention that scripts/check-orchestrations.mjs enforces
// (DESIGN.md, "An orchestration package"):
//   - 'workflow' (the default): src/Workflows/<Name>Workflow.ts, a scheduled workflow that reads <Name>Source and
//     hands each item to <Name>Sink, with retries;
//   - 'background-service': src/BackgroundServices/<Name>BackgroundService.ts, a BackgroundService subclass that
//     watches <Name>Source for the life of the host and hands each item to <Name>Sink, one DI scope per item.
// Each comes with its spec on @baton/testing, the two interfaces in src/Interfaces/, the options type, the one entry
// point add<Name>Orchestration, src/index.ts, README.md, CHANGELOG.md, LICENSE, package.json, tsconfig.json and tsup.config.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The kinds of package the scaffold writes. */
export const KINDS = ['workflow', 'background-service'];

/** `tenant-offboarding` → `TenantOffboarding`. */
export function pascalCase(kebab) {
  return kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The workspace packages a generated package builds and tests against (its devDependencies). */
export const WORKSPACE_DEV_DEPENDENCIES = ['@baton/core', '@baton/host', '@baton/testing'];

/** The files of the package `@baton/orchestration-<name>` of `kind`, by path relative to its folder. */
export function templates(name, { kind = 'workflow', repoRoot } = {}) {
  if (!KINDS.includes(kind)) throw new Error(`Unknown kind '${kind}'; kinds: ${KINDS.join(', ')}.`);
  const Name = pascalCase(name);
  const pkg = `@baton/orchestration-${name}`;
  const files = new Map();
  const common = { name, Name, pkg };

  files.set(
    'package.json',
    `${JSON.stringify(
      {
        name: pkg,
        version: '0.1.0',
        description: `Baton orchestration: ${name}.`,
        license: 'MIT',
        repository: { type: 'git', url: 'git+https://github.com/baton-js/baton.git', directory: `packages/orchestration-${name}` },
        homepage: `https://github.com/baton-js/baton/tree/main/packages/orchestration-${name}#readme`,
        bugs: { url: 'https://github.com/baton-js/baton/issues' },
        keywords: ['baton', 'baton-orchestration', 'workflow', name],
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
        files: ['dist', 'README.md', 'CHANGELOG.md'],
        engines: { node: '>=20.19' },
        publishConfig: { access: 'public' },
        // Refuses a plain `npm pack`/`npm publish`, which would ship the workspace: ranges as they are.
        scripts: { build: 'tsup', prepack: 'node ../../scripts/prepack-guard.mjs' },
        // Every core 0.x minor is in range, so a core release does not bump this package to 1.0.0 (CONTRIBUTING.md).
        peerDependencies: { '@baton/core': 'workspace:>=0.1.0 <1.0.0' },
        devDependencies: Object.fromEntries(WORKSPACE_DEV_DEPENDENCIES.map((dependency) => [dependency, 'workspace:^'])),
      },
      null,
      2,
    )}\n`,
  );

  // The repository's license text, as every package ships it.
  const license = repoRoot === undefined ? undefined : join(repoRoot, 'LICENSE');
  if (license !== undefined && existsSync(license)) files.set('LICENSE', readFileSync(license, 'utf8'));

  // changesets adds a section per release under the title.
  files.set('CHANGELOG.md', `# ${pkg}\n`);

  files.set(
    'tsconfig.json',
    `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
`,
  );

  files.set(
    'tsup.config.ts',
    `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: false,
  target: 'node20',
  outDir: 'dist',
});
`,
  );

  for (const [path, text] of kind === 'workflow' ? workflowFiles(common) : backgroundServiceFiles(common)) files.set(path, text);
  files.set('README.md', readme(common, kind));
  return files;
}

function sinkInterface({ Name, pkg }) {
  return `import { token } from '@baton/core';
import type { ${Name}Item } from './${Name}Source.js';

/** Where the work goes. TODO: rename and shape it after the service your orchestration calls. */
export interface ${Name}Sink {
  /** Handles \`item\`; must be idempotent on \`idempotencyKey\` (a retried attempt sends the same key). */
  handle(item: ${Name}Item, idempotencyKey: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link ${Name}Sink}; the value and the type share one name. */
export const ${Name}Sink = token<${Name}Sink>('${pkg}/${Name}Sink');
`;
}

function index({ Name, pkg }, folder, main) {
  return `/**
 * ${pkg}: TODO say in one sentence what this orchestration coordinates.
 * Depends on \`@baton/core\` alone: the app binds the interfaces below.
 *
 * @packageDocumentation
 * @module ${pkg}
 */

// Entry point
export { add${Name}Orchestration } from './add${Name}Orchestration.js';
export type { ${Name}Options } from './${Name}Options.js';

// ${folder}
export { ${main} } from './${folder}/${main}.js';

// Interfaces
export { ${Name}Sink } from './Interfaces/${Name}Sink.js';
export { ${Name}Source } from './Interfaces/${Name}Source.js';
export type { ${Name}Item } from './Interfaces/${Name}Source.js';
`;
}

function workflowFiles(common) {
  const { name, Name, pkg } = common;
  const files = new Map();
  files.set('src/index.ts', index(common, 'Workflows', `${Name}Workflow`));

  files.set(
    `src/${Name}Options.ts`,
    `import type { Duration } from '@baton/core';

/** Options of {@link add${Name}Orchestration}, checked when it is called. */
export interface ${Name}Options {
  /** How often the workflow runs. Defaults to \`'1m'\`. */
  readonly every?: Duration;
}
`,
  );

  files.set(
    `src/add${Name}Orchestration.ts`,
    `import { addWorkflow, BatonError, BatonErrorCode, parseDuration, type HostBuilder } from '@baton/core';
import type { ${Name}Options } from './${Name}Options.js';
import { ${Name}Workflow } from './Workflows/${Name}Workflow.js';

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
  addWorkflow(builder, ${Name}Workflow.define(everyMs));
}
`,
  );

  files.set(
    `src/Interfaces/${Name}Source.ts`,
    `import { token } from '@baton/core';

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
`,
  );

  files.set(`src/Interfaces/${Name}Sink.ts`, sinkInterface(common));

  files.set(
    `src/Workflows/${Name}Workflow.ts`,
    `import { defineWorkflow, every, type Duration, type Workflow } from '@baton/core';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source, type ${Name}Item } from '../Interfaces/${Name}Source.js';

/**
 * The scheduled \`${name}\` workflow: read the items from {@link ${Name}Source}, hand each to {@link ${Name}Sink}.
 *
 * @remarks Each run gets a fresh DI scope; steps retry on their policy; \`run.idempotencyKey\` depends on the
 * schedule slot only, so pass it on to make side effects idempotent.
 */
export const ${Name}Workflow = Object.freeze({
  /** The workflow's name: \`'${name}'\`. */
  workflowName: '${name}' as const,

  /** Builds the workflow, running every \`interval\`. */
  define(interval: Duration): Workflow<undefined, number> {
    return defineWorkflow(${Name}Workflow.workflowName)
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
`,
  );

  files.set(
    `src/Workflows/${Name}Workflow.spec.ts`,
    `import { createTestHost } from '@baton/testing';
import { describe, expect, it } from 'vitest';
import { add${Name}Orchestration } from '../add${Name}Orchestration.js';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source } from '../Interfaces/${Name}Source.js';
import { ${Name}Workflow } from './${Name}Workflow.js';

describe(${Name}Workflow.workflowName, () => {
  describe('when the host runs for two minutes', () => {
    it('should run every minute on the virtual clock and hand each item to the sink with a per-slot key', async () => {
      const handled: string[] = [];
      const t = await createTestHost((builder) => {
        builder.services
          .addSingleton(${Name}Source, { useValue: { list: async () => [{ id: 'a' }, { id: 'b' }] } })
          .addSingleton(${Name}Sink, { useValue: { handle: async (_item, key) => void handled.push(key) } });
        add${Name}Orchestration(builder, { every: '1m' });
      });

      // [0, 2m): the ticks at 0 and 1m; the one at 2m is due at the end.
      await t.advance('2m');
      await t.stop();

      expect(await t.statuses(${Name}Workflow.workflowName)).toStrictEqual(['succeeded', 'succeeded']);
      expect(handled.slice(0, 2)).toStrictEqual(['${name}@2026-01-01T00:00:00.000Z/a', '${name}@2026-01-01T00:00:00.000Z/b']);
      expect(t.logs.messages('error')).toStrictEqual([]);
    });
  });
});
`,
  );
  return files;
}

function backgroundServiceFiles(common) {
  const { name, Name, pkg } = common;
  const files = new Map();
  files.set('src/index.ts', index(common, 'BackgroundServices', `${Name}BackgroundService`));

  files.set(
    `src/${Name}Options.ts`,
    `import type { ExceptionPolicy } from '@baton/core';

/** Options of {@link add${Name}Orchestration}, checked when it is called. */
export interface ${Name}Options {
  /**
   * What the host does when the watch fails (the source throws): restart it with backoff, stop the host, or ignore
   * it. Defaults to \`'restart'\`.
   */
  readonly onError?: ExceptionPolicy;
}
`,
  );

  files.set(
    `src/add${Name}Orchestration.ts`,
    `import { BatonError, BatonErrorCode, type HostBuilder } from '@baton/core';
import { ${Name}BackgroundService } from './BackgroundServices/${Name}BackgroundService.js';
import type { ${Name}Options } from './${Name}Options.js';

/**
 * Registers the ${name} orchestration on a host: {@link ${Name}BackgroundService}, which watches for the life of
 * the host.
 *
 * @remarks The app binds the services it composes: {@link ${Name}Source} and {@link ${Name}Sink}. A missing one fails
 * the host's start with BATON_ERR_DI_MISSING_BINDING.
 * @param builder - The host (\`createHost()\` from \`@baton/host\`, or a test host's builder).
 * @param options - See {@link ${Name}Options}.
 * @throws BATON_ERR_HOST_INVALID_OPTIONS for a bad option.
 * @example
 * \`\`\`ts
 * const host = createHost();
 * host.services.addSingleton(${Name}Source, MySource).addSingleton(${Name}Sink, MySink);
 * add${Name}Orchestration(host, { onError: { restart: { maxRestarts: 10 } } });
 * await host.start();
 * \`\`\`
 */
export function add${Name}Orchestration(builder: HostBuilder, options: ${Name}Options = {}): void {
  const { onError = 'restart', ...unknown } = options;
  if (Object.keys(unknown).length > 0) {
    throw new BatonError(BatonErrorCode.HostInvalidOptions, \`add${Name}Orchestration(): unknown option \${Object.keys(unknown).map((key) => \`'\${key}'\`).join(', ')}; known options: onError.\`);
  }
  // The host checks onError here, at registration.
  builder.addHostedService(${Name}BackgroundService, { onError });
}
`,
  );

  files.set(
    `src/Interfaces/${Name}Source.ts`,
    `import { token } from '@baton/core';

/** One piece of work the source hands out. */
export interface ${Name}Item {
  readonly id: string;
}

/** Where the work comes from, as it happens. TODO: rename and shape it after the service your orchestration watches. */
export interface ${Name}Source {
  /**
   * The items, as they arrive. The iteration ends when \`signal\` aborts (the host is stopping); it throws if the
   * source fails.
   */
  watch(signal: AbortSignal): AsyncIterable<${Name}Item>;
}

/** DI token for {@link ${Name}Source}; the value and the type share one name. */
export const ${Name}Source = token<${Name}Source>('${pkg}/${Name}Source');
`,
  );

  files.set(`src/Interfaces/${Name}Sink.ts`, sinkInterface(common));

  files.set(
    `src/BackgroundServices/${Name}BackgroundService.ts`,
    `import { BackgroundService, Logger, ScopeFactory } from '@baton/core';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source } from '../Interfaces/${Name}Source.js';

/**
 * Watches {@link ${Name}Source} for the life of the host and hands each item to {@link ${Name}Sink}, each in a DI
 * scope of its own (so the sink may be a scoped service), with the key \`${name}/<item id>\`.
 *
 * @remarks A BackgroundService is for work that runs continuously or on events, like this watcher. Work that runs
 * on a schedule, with retries, checkpoints and compensation, is a workflow in src/Workflows/ instead.
 * An item that fails is logged and the watch goes on; a source that fails ends \`execute\`, and the host applies
 * the \`onError\` policy (by default, a restart with backoff).
 */
export class ${Name}BackgroundService extends BackgroundService {
  static readonly inject = [${Name}Source, ScopeFactory, Logger] as const;

  readonly #log: Logger;

  constructor(
    private readonly source: ${Name}Source,
    private readonly scopes: ScopeFactory,
    log: Logger,
  ) {
    super();
    this.#log = log.child({ service: '${Name}BackgroundService' });
  }

  protected async execute(signal: AbortSignal): Promise<void> {
    for await (const item of this.source.watch(signal)) {
      // The example work: TODO replace with your orchestration's.
      const scope = this.scopes.createScope();
      try {
        await scope.get(${Name}Sink).handle(item, \`${name}/\${item.id}\`, signal);
        this.#log.info('Item handled', { id: item.id });
      } catch (error) {
        if (signal.aborted) return;
        this.#log.error('Item failed; watching on', { id: item.id, error });
      } finally {
        await scope.dispose();
      }
      if (signal.aborted) return;
    }
  }
}
`,
  );

  files.set(
    `src/BackgroundServices/${Name}BackgroundService.spec.ts`,
    `import { createTestHost } from '@baton/testing';
import { describe, expect, it } from 'vitest';
import { add${Name}Orchestration } from '../add${Name}Orchestration.js';
import { ${Name}Sink } from '../Interfaces/${Name}Sink.js';
import { ${Name}Source, type ${Name}Item } from '../Interfaces/${Name}Source.js';
import { ${Name}BackgroundService } from './${Name}BackgroundService.js';

/** A source the test pushes items into; its watch ends when the signal aborts. */
class PushedSource implements ${Name}Source {
  readonly #queue: ${Name}Item[] = [];
  #wake: (() => void) | undefined;

  push(...items: ${Name}Item[]): void {
    this.#queue.push(...items);
    this.#wake?.();
  }

  async *watch(signal: AbortSignal): AsyncIterable<${Name}Item> {
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    while (!signal.aborted) {
      const item = this.#queue.shift();
      if (item !== undefined) yield item;
      else await Promise.race([new Promise<void>((resolve) => (this.#wake = resolve)), aborted]);
    }
  }
}

/** A sink that records each key and lets the test await the \`count\`th call. */
function recordingSink(count: number, fail: (item: ${Name}Item) => boolean = () => false) {
  const keys: string[] = [];
  let done!: () => void;
  const called = new Promise<void>((resolve) => (done = resolve));
  const sink: ${Name}Sink = {
    handle: async (item, key) => {
      keys.push(key);
      if (keys.length === count) done();
      if (fail(item)) throw new Error(\`cannot handle \${item.id}\`);
    },
  };
  return { sink, keys, called };
}

describe(${Name}BackgroundService, () => {
  describe('when the source yields two items', () => {
    it('should hand each to the sink with a per-item key, then stop with the host', async () => {
      const source = new PushedSource();
      const { sink, keys, called } = recordingSink(2);
      const t = await createTestHost((builder) => {
        builder.services.addSingleton(${Name}Source, { useValue: source }).addSingleton(${Name}Sink, { useValue: sink });
        add${Name}Orchestration(builder);
      });

      source.push({ id: 'a' }, { id: 'b' });
      await called;
      const stopped = await t.stop();

      expect(keys).toStrictEqual(['${name}/a', '${name}/b']);
      expect(stopped.ok).toBe(true);
      expect(t.logs.messages('info').filter((message) => message === 'Item handled')).toHaveLength(2);
    });
  });

  describe('when the sink fails one item', () => {
    it('should log it and go on watching', async () => {
      const source = new PushedSource();
      const { sink, keys, called } = recordingSink(2, (item) => item.id === 'a');
      const t = await createTestHost((builder) => {
        builder.services.addSingleton(${Name}Source, { useValue: source }).addSingleton(${Name}Sink, { useValue: sink });
        add${Name}Orchestration(builder);
      });

      source.push({ id: 'a' }, { id: 'b' });
      await called;
      const stopped = await t.stop();

      expect(keys).toStrictEqual(['${name}/a', '${name}/b']);
      expect(t.logs.messages('error')).toStrictEqual(['Item failed; watching on']);
      expect(stopped.ok).toBe(true);
    });
  });
});
`,
  );
  return files;
}

function readme({ name, Name, pkg }, kind) {
  const workflow = kind === 'workflow';
  const main = workflow ? `${Name}Workflow` : `${Name}BackgroundService`;
  const folder = workflow ? 'Workflows' : 'BackgroundServices';
  const feature = workflow
    ? `- **\`${name}\`**, a scheduled workflow (every \`options.every\`, default 1 minute): loads the items from
  \`${Name}Source\` and hands each one to \`${Name}Sink\`, with retries.
- **Idempotent per tick**: the key passed to the sink is \`<run.idempotencyKey>/<item id>\`, stable for a slot.`
    : `- **\`${Name}BackgroundService\`**, a \`BackgroundService\` that watches \`${Name}Source\` for the life of the host and
  hands each item to \`${Name}Sink\` in a DI scope of its own, with the key \`${name}/<item id>\`.
- **Resilient**: an item that fails is logged and the watch goes on; a failing source is restarted with backoff
  (\`options.onError\`).`;
  const source = workflow ? `list: async () => [{ id: 'a' }]` : `async *watch() { yield { id: 'a' }; }`;
  const options = workflow ? `{ every: '1m' }` : `{ onError: 'restart' }`;
  return `# ${pkg}

## About

TODO: what this orchestration coordinates, across which services. It is an orchestration package: it owns no
domain and no data, depends on \`@baton/core\` alone and composes services through the interfaces in
[\`src/Interfaces/\`](https://github.com/baton-js/baton/tree/main/packages/orchestration-${name}/src/Interfaces), which the app binds.

## Key features

${feature}
- **One entry point**, \`add${Name}Orchestration(builder, options?)\`; options checked at registration.

## How to use

\`\`\`ts
import { createHost } from '@baton/host';
import { add${Name}Orchestration, ${Name}Sink, ${Name}Source } from '${pkg}';

const host = createHost();
host.services
  .addSingleton(${Name}Source, { useValue: { ${source} } })
  .addSingleton(${Name}Sink, { useValue: { handle: async (item, key) => console.log('handled', item.id, key) } });
add${Name}Orchestration(host, ${options});
await host.run();
\`\`\`

Test it with \`@baton/testing\`'s test host${workflow ? ', on a virtual clock' : ''}; see
[\`${main}.spec.ts\`](https://github.com/baton-js/baton/blob/main/packages/orchestration-${name}/src/${folder}/${main}.spec.ts).

## Main types

| Type | What it is |
| --- | --- |
| \`add${Name}Orchestration\` | Registers the orchestration on a \`HostBuilder\`. |
| \`${Name}Options\` | ${workflow ? '`every`: the interval.' : '`onError`: what the host does when the watch fails.'} |
| \`${main}\` | ${workflow ? "The workflow's name and definition, in `src/Workflows/`." : 'The watcher, in `src/BackgroundServices/`.'} |
| \`${Name}Source\`, \`${Name}Sink\` | The services it composes: interfaces and tokens the app binds. |

## Related packages

- [\`@baton/core\`](https://github.com/baton-js/baton/blob/main/packages/core/README.md): workflows, schedules, background services, DI.
- [\`@baton/testing\`](https://github.com/baton-js/baton/blob/main/packages/testing/README.md): the test host on a virtual clock.
- [\`@baton/orchestration-tenant-provisioning\`](https://github.com/baton-js/baton/blob/main/packages/orchestration-tenant-provisioning/README.md) and
  [\`@baton/orchestration-inventory-sync\`](https://github.com/baton-js/baton/blob/main/packages/orchestration-inventory-sync/README.md): two real orchestrations.
`;
}
