#!/usr/bin/env node
// Scaffolds an orchestration package that follows the convention (and passes scripts/check-orchestrations.mjs):
//
//   pnpm create-orchestration <name> [--background-service] [--dir <packages dir>] [--no-install]
//
// writes packages/orchestration-<name>/ (@baton/orchestration-<name>), laid out as DESIGN.md's "An orchestration
// package" says: src/add<Name>Orchestration.ts (the one entry point), src/Interfaces/ (the two services it composes,
// each an interface and a token), an options type, src/index.ts, README.md, LICENSE, package.json, tsconfig.json and
// tsup.config.ts, shaped like packages/core, and
//   - by default, src/Workflows/<Name>Workflow.ts: a scheduled workflow with an example step, and its spec;
//   - with --background-service, src/BackgroundServices/<Name>BackgroundService.ts instead: a BackgroundService
//     subclass that watches a source for the life of the host, and its spec.
// It builds and its test passes with no edits. The templates are in scripts/orchestration-templates.mjs.
//
// <name> is kebab-case (`billing`, `tenant-offboarding`). An existing package, or a name that is not kebab-case,
// is refused with a message and nothing is written. The files are written to a temporary folder next to the
// target and renamed into place, so a failure half-way leaves nothing behind.
//
// Into this repository's packages/ it then runs `pnpm install` to link the new workspace package, and builds the
// workspace packages the new one builds and tests against (@baton/core, @baton/host, @baton/testing) when their
// dist/ is missing or older than their sources, as on a fresh clone. --no-install skips both. With --dir elsewhere
// it only writes the files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pascalCase, templates, WORKSPACE_DEV_DEPENDENCIES } from './orchestration-templates.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const PNPM = ['-y', 'pnpm@10.34.9'];
const USAGE = 'Usage: pnpm create-orchestration <name> [--background-service] [--dir <packages dir>] [--no-install]';
// What tsup writes for each package (tsup.config.ts: esm + cjs + dts).
const BUILD_OUTPUTS = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];

/** Why `name` cannot be scaffolded into `packagesDir`, or undefined when it can. */
export function refusal(name, packagesDir) {
  if (name === undefined || name === '') return 'Give the orchestration a name: pnpm create-orchestration <name>, e.g. pnpm create-orchestration billing.';
  if (name.startsWith('orchestration-'))
    return `Give the name without the prefix: '${name.slice('orchestration-'.length)}' makes orchestration-${name.slice('orchestration-'.length)}.`;
  if (!KEBAB.test(name)) {
    const suggestion = name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^a-zA-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
    return `'${name}' is not kebab-case (lowercase letters and digits in words joined by single hyphens, starting with a letter)${KEBAB.test(suggestion) ? `; try '${suggestion}'` : ''}.`;
  }
  const target = join(packagesDir, `orchestration-${name}`);
  if (existsSync(target)) return `${relative(process.cwd(), target) || target} already exists; pick another name or remove it first.`;
  return undefined;
}

function parseArgs(argv) {
  const args = { name: undefined, dir: undefined, kind: 'workflow', install: true, errors: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--dir') {
      args.dir = argv[++index];
      if (args.dir === undefined) args.errors.push('--dir needs a folder: --dir <packages dir>.');
    } else if (arg.startsWith('--dir=')) args.dir = arg.slice('--dir='.length);
    else if (arg === '--background-service') args.kind = 'background-service';
    else if (arg === '--no-install') args.install = false;
    else if (arg.startsWith('-')) args.errors.push(`Unknown option '${arg}'. ${USAGE}`);
    else if (args.name === undefined) args.name = arg;
    else args.errors.push(`One name only; got '${args.name}' and '${arg}'.`);
  }
  return args;
}

/**
 * Writes the package of `kind` ('workflow' or 'background-service'); returns its folder. Throws (writing nothing)
 * on a refusal.
 */
export function createOrchestration(name, packagesDir, { kind = 'workflow' } = {}) {
  const problem = refusal(name, packagesDir);
  if (problem !== undefined) throw Object.assign(new Error(problem), { refused: true });
  const target = join(packagesDir, `orchestration-${name}`);
  const staging = join(packagesDir, `.orchestration-${name}.${process.pid}.tmp`);
  try {
    for (const [path, text] of templates(name, { kind, repoRoot })) {
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

/** The newest modification time under `path` (a file or a folder), skipping node_modules and dist. */
function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path)
    .filter((entry) => entry !== 'node_modules' && entry !== 'dist')
    .reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), 0);
}

/**
 * The workspace packages among `names` whose build is missing or older than their sources (src/, package.json,
 * tsup.config.ts, tsconfig.json), e.g. on a fresh clone, where nothing is built yet.
 */
export function unbuilt(names, root = repoRoot) {
  return names.filter((name) => {
    const dir = join(root, 'packages', name.replace(/^@baton\//, ''));
    const outputs = BUILD_OUTPUTS.map((output) => join(dir, output));
    if (!outputs.every((output) => existsSync(output))) return true;
    const built = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
    const sources = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].map((entry) => join(dir, entry)).filter((entry) => existsSync(entry));
    return sources.some((entry) => newestChange(entry) > built);
  });
}

function pnpm(args) {
  console.log(`\n$ npx ${[...PNPM, ...args].join(' ')}`);
  return spawnSync('npx', [...PNPM, ...args], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

/** `path` relative to the working directory when it is inside it, else absolute. */
function shown(path) {
  const relativePath = relative(process.cwd(), path);
  return relativePath === '' || relativePath.startsWith('..') ? path : relativePath;
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
    target = createOrchestration(args.name, packagesDir, { kind: args.kind });
  } catch (error) {
    console.error(`create-orchestration: ${error.message} Nothing was written.`);
    return 1;
  }
  const pkg = `@baton/orchestration-${args.name}`;
  const Name = pascalCase(args.name);
  console.log(`Created ${shown(target)} (${pkg}):`);
  for (const path of templates(args.name, { kind: args.kind, repoRoot }).keys()) console.log(`  ${path}`);

  const inRepo = packagesDir === join(repoRoot, 'packages');
  const linked = inRepo && args.install;
  if (linked) {
    console.log('\nLinking the new workspace package.');
    // The lockfile gains the new package, so it cannot stay frozen (pnpm freezes it by default when CI is set).
    if (!pnpm(['install', '--no-frozen-lockfile'])) {
      console.error('create-orchestration: pnpm install failed; run `npx -y pnpm@10.34.9 install` yourself to link the package.');
      return 1;
    }
    const stale = unbuilt(WORKSPACE_DEV_DEPENDENCIES);
    if (stale.length > 0) {
      console.log(`\nBuilding ${stale.join(', ')}, which the new package builds and tests against (not built yet, or older than their sources).`);
      if (!pnpm(stale.flatMap((name) => ['--filter', name]).concat('build'))) {
        console.error(`create-orchestration: the build failed; run \`npx -y pnpm@10.34.9 --filter "${pkg}..." build\` once it is fixed.`);
        return 1;
      }
    }
  }
  const where = relative(repoRoot, target).split('\\').join('/');
  const main = args.kind === 'workflow' ? `src/Workflows/${Name}Workflow.ts` : `src/BackgroundServices/${Name}BackgroundService.ts`;
  const steps = linked
    ? [`npx -y pnpm@10.34.9 --filter ${pkg} build`, `npx vitest run ${where}`, 'npx -y pnpm@10.34.9 check:orchestrations']
    : inRepo
      ? ['npx -y pnpm@10.34.9 install', `npx -y pnpm@10.34.9 --filter "${pkg}..." build`, `npx vitest run ${where}`, 'npx -y pnpm@10.34.9 check:orchestrations']
      : [`node ${shown(join(repoRoot, 'scripts/check-orchestrations.mjs'))} ${shown(target)}`];
  console.log(`
Next${inRepo ? ', from the repository root' : ''}:
${steps.map((step) => `  ${step}`).join('\n')}
Then edit the example in ${main} and register it in your app with add${Name}Orchestration(host).`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
