// Finds orchestration packages by name, in the only two places the host loads code from: the configured directory
// (<directory>/<name>/package.json) and the installed @baton/orchestration-<name> packages, looked up through the
// node_modules folders that Node itself would search from `resolveFrom`.
import { BatonError, BatonErrorCode } from '@baton/core';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ResolvedOrchestrations } from './ResolvedOrchestrations.js';

const SCOPE = '@baton';
const PREFIX = 'orchestration-';

/** One orchestration package, found. */
export interface FoundOrchestration {
  readonly name: string;
  /** `@baton/orchestration-<name>`, or the `name` in a directory package's package.json. */
  readonly packageName: string;
  readonly source: 'directory' | 'installed';
  /** The ES module entry to import (absolute, symbolic links resolved). */
  readonly entry: string;
}

/**
 * Finds every name of `config`, or throws before anything is loaded: `BATON_ERR_ORCHESTRATION_UNKNOWN` (listing
 * what is available) for names found nowhere, `BATON_ERR_ORCHESTRATION_OUTSIDE_DIRECTORY` for a directory package
 * that resolves outside the directory, `BATON_ERR_ORCHESTRATION_LOAD_FAILED` for a package without an entry.
 */
export function findOrchestrations(config: ResolvedOrchestrations): FoundOrchestration[] {
  const searchPaths = nodeModulesPaths(config.resolveFrom);
  const found: FoundOrchestration[] = [];
  const unknown: string[] = [];
  for (const name of config.names) {
    const fromDirectory = config.directory === undefined ? undefined : findInDirectory(config.directory, name);
    const orchestration = fromDirectory ?? findInstalled(searchPaths, name);
    if (orchestration === undefined) unknown.push(name);
    else found.push(orchestration);
  }
  if (unknown.length > 0) {
    const available = listAvailable(config.directory, searchPaths);
    const where = [`installed @baton/orchestration-* packages (resolved from ${relativeOrAbsolute(dirname(config.resolveFrom))})`];
    if (config.directory !== undefined) where.push(`the orchestrations directory ${config.directory}`);
    throw new BatonError(
      BatonErrorCode.OrchestrationUnknown,
      `Unknown orchestration${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `'${name}'`).join(', ')} in ${config.source}: not found among the ${where.join(' or in ')}. ` +
        `Available: ${available.length === 0 ? 'none' : available.join(', ')}. Nothing was loaded.`,
    );
  }
  return found;
}

/** `<directory>/<name>`, if it holds a package.json; refused when it or its entry resolves outside the directory. */
function findInDirectory(directory: string, name: string): FoundOrchestration | undefined {
  const folder = join(directory, name);
  if (!existsSync(join(folder, 'package.json'))) return undefined;
  const root = realpathSync(directory);
  const real = realpathSync(folder);
  if (!isInside(root, real)) {
    throw new BatonError(
      BatonErrorCode.OrchestrationOutsideDirectory,
      `Orchestration '${name}' in ${directory} resolves to ${real}, outside the directory (a symbolic link?). Only packages inside the directory are loaded. Nothing was loaded.`,
    );
  }
  const manifest = readManifest(real, name);
  const entry = entryOf(real, manifest, name);
  if (!isInside(root, entry)) {
    throw new BatonError(
      BatonErrorCode.OrchestrationOutsideDirectory,
      `The entry of orchestration '${name}' resolves to ${entry}, outside ${directory}. Only files inside the directory are loaded. Nothing was loaded.`,
    );
  }
  return { name, packageName: typeof manifest['name'] === 'string' ? manifest['name'] : name, source: 'directory', entry };
}

function findInstalled(searchPaths: readonly string[], name: string): FoundOrchestration | undefined {
  const packageName = `${SCOPE}/${PREFIX}${name}`;
  for (const modules of searchPaths) {
    const folder = join(modules, SCOPE, `${PREFIX}${name}`);
    if (!existsSync(join(folder, 'package.json'))) continue;
    const real = realpathSync(folder);
    return { name, packageName, source: 'installed', entry: entryOf(real, readManifest(real, name), name) };
  }
  return undefined;
}

/** The node_modules folders Node searches for a bare specifier imported from `fromFile`, nearest first. */
function nodeModulesPaths(fromFile: string): string[] {
  return createRequire(fromFile).resolve.paths(`${SCOPE}/${PREFIX}x`) ?? [];
}

function listAvailable(directory: string | undefined, searchPaths: readonly string[]): string[] {
  const names = new Map<string, string>();
  if (directory !== undefined && existsSync(directory)) {
    const root = realpathSync(directory);
    for (const name of readNames(directory)) {
      const folder = join(directory, name);
      // A package that would be refused is not offered.
      if (existsSync(join(folder, 'package.json')) && isInside(root, realpathSync(folder))) names.set(name, `${name} (directory)`);
    }
  }
  for (const modules of searchPaths) {
    for (const folder of readNames(join(modules, SCOPE))) {
      const name = folder.slice(PREFIX.length);
      if (folder.startsWith(PREFIX) && !names.has(name) && existsSync(join(modules, SCOPE, folder, 'package.json'))) names.set(name, `${name} (installed)`);
    }
  }
  return [...names.keys()].sort().map((name) => names.get(name)!);
}

function readNames(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function readManifest(folder: string, name: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new BatonError(BatonErrorCode.OrchestrationLoadFailed, `Orchestration '${name}': cannot read ${join(folder, 'package.json')}.`, { cause: error });
  }
}

/** The file an `import` of the package would load: `exports` (import, node or default condition), else `main`. */
function entryOf(folder: string, manifest: Record<string, unknown>, name: string): string {
  const exported = manifest['exports'];
  const root =
    typeof exported === 'object' && exported !== null && !Array.isArray(exported) && '.' in exported ? (exported as Record<string, unknown>)['.'] : exported;
  const target = exported === undefined ? (typeof manifest['main'] === 'string' ? manifest['main'] : 'index.js') : pickCondition(root);
  if (target === undefined || isAbsolute(target)) {
    throw new BatonError(
      BatonErrorCode.OrchestrationLoadFailed,
      `Orchestration '${name}' (${folder}) has no entry for import: add "exports": { ".": { "import": "./dist/index.js" } } to its package.json.`,
    );
  }
  const file = resolve(folder, target);
  if (!existsSync(file))
    throw new BatonError(BatonErrorCode.OrchestrationLoadFailed, `Orchestration '${name}': its entry ${file} does not exist. Is the package built?`);
  return realpathSync(file);
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return undefined;
  const conditions = target as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    if (condition in conditions) return pickCondition(conditions[condition]);
  }
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function relativeOrAbsolute(folder: string): string {
  const rel = relative(process.cwd(), folder);
  return rel === '' ? '.' : rel.startsWith('..') ? folder : rel;
}
