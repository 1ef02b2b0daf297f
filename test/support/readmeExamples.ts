// What the README specs share: reading a README's ```ts examples and its Main types table, and a temporary project
// that links the built packages, where an example is type-checked with the repository's compiler options and run as
// a user would run it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The README of package `name` (packages/<name>/README.md). */
export function packageReadme(name: string): string {
  return readFileSync(join(repoRoot, 'packages', name, 'README.md'), 'utf8');
}

/** The ```ts blocks of `markdown` whose first line starts with `marker`, by the rest of that line. */
export function examples(markdown: string, marker = '// Example: '): Map<string, string> {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).filter((code) => code.startsWith(marker));
  return new Map(blocks.map((code) => [code.slice(marker.length, code.indexOf('\n')), code]));
}

/** Names exported from packages/<name>/src/index.ts, values and types. */
export function indexExports(name: string): Set<string> {
  const index = readFileSync(join(repoRoot, 'packages', name, 'src/index.ts'), 'utf8');
  const names = [...index.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((match) => match[1]!.split(','));
  return new Set(names.map((entry) => entry.trim()).filter((entry) => entry !== ''));
}

/** The names in the first column of the README's Main types table: `Workflow<TInput, TOutput>` gives `Workflow`. */
export function mainTypeNames(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## Main types'));
  const table = section.slice(0, section.indexOf('\n## '));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Za-z]+)[^`]*`/g)].map((match) => match[1]!));
}

/** What a Node process run to its end printed, and how it ended. */
export interface NodeRun {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout, stderr and a spawn error, for an assertion's message. */
  readonly output: string;
}

/** Runs `node <args>` in `cwd` (colours off) to its end, within 2 minutes. */
export function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): NodeRun {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

/** A temporary project holding a README's examples; {@link ExampleProject.remove} deletes it. */
export interface ExampleProject {
  readonly dir: string;
  /** Type-checks the files with the repository's compiler options. */
  typecheck(): NodeRun;
  /** Runs one file with tsx. */
  tsx(file: string): NodeRun;
  /** Runs the files with vitest; the outcome of each test it ran, as [title, status]. */
  vitest(env?: NodeJS.ProcessEnv): NodeRun & { readonly results: [string, string][] };
  remove(): void;
}

/** What {@link createExampleProject} links and writes. */
export interface ExampleProjectOptions {
  /** The project's name, also its temporary folder's prefix. */
  readonly name: string;
  /** The workspace packages linked as @baton/<name>: each must be built. */
  readonly packages: readonly string[];
  /** Folders of the repository's node_modules linked beside them (@types always). */
  readonly modules?: readonly string[];
  /** Further links: the name in the project's node_modules, and the path in the repository. */
  readonly links?: Readonly<Record<string, string>>;
  /** File name to contents. */
  readonly files: ReadonlyMap<string, string>;
}

/** Writes a temporary project of `options.files` that links the built packages, as a user's project would use them. */
export function createExampleProject(options: ExampleProjectOptions): ExampleProject {
  for (const name of options.packages) {
    if (!existsSync(join(repoRoot, 'packages', name, 'dist/index.d.ts'))) throw new Error(`@baton/${name} is not built: run npx -y pnpm@10.34.9 run build`);
  }
  const dir = mkdtempSync(join(tmpdir(), `baton-${options.name}-`));
  mkdirSync(join(dir, 'node_modules/@baton'), { recursive: true });
  for (const name of options.packages) symlinkSync(join(repoRoot, 'packages', name), join(dir, 'node_modules/@baton', name), 'junction');
  for (const name of ['@types', ...(options.modules ?? [])]) symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'junction');
  for (const [name, path] of Object.entries(options.links ?? {})) symlinkSync(join(repoRoot, path), join(dir, 'node_modules', name), 'junction');
  copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  const files = [...options.files.keys()];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include: files }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: options.name, private: true, type: 'module' }));
  for (const [file, code] of options.files) writeFileSync(join(dir, file), code);

  return {
    dir,
    typecheck: () => runNode([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir),
    tsx: (file) => runNode([join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), file], dir),
    vitest(env = {}) {
      const report = join(dir, 'report.json');
      const run = runNode([join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`], dir, env);
      const parsed = existsSync(report)
        ? (JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] }).testResults
        : [];
      return { ...run, results: parsed.flatMap((file) => file.assertionResults).map(({ title, status }): [string, string] => [title, status]) };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
