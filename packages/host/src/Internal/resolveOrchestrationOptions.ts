import { BatonError, BatonErrorCode } from '@baton/core';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { describeValue } from './describeValue.js';
import { invalidOptions } from './invalidOptions.js';
import type { ResolvedOrchestrations } from './ResolvedOrchestrations.js';

const KEYS: ReadonlySet<string> = new Set(['load', 'directory', 'options', 'resolveFrom']);
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Validates `HostOptions.orchestrations` and applies `BATON_ORCHESTRATIONS` (set: it replaces `load`; empty: load
 * none). Throws `BATON_ERR_HOST_INVALID_OPTIONS` for a malformed option, and `BATON_ERR_ORCHESTRATION_INVALID_NAME`
 * for a name that is not kebab-case (a path, a scope, `..`) or is listed twice. Loads nothing.
 */
export function resolveOrchestrationOptions(given: unknown, env: Readonly<Record<string, string | undefined>>, cwd: string): ResolvedOrchestrations {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw invalidOptions(`orchestrations must be an object { load?, directory?, options?, resolveFrom? }; got ${describeValue(given)}.`);
  }
  const options = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw invalidOptions(`Unknown orchestrations option '${key}'; expected one of ${[...KEYS].join(', ')}.`);
  }

  const fromEnv = env['BATON_ORCHESTRATIONS'];
  let names: readonly unknown[];
  let source: string;
  if (fromEnv !== undefined) {
    names = fromEnv
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    source = 'BATON_ORCHESTRATIONS';
  } else {
    const load = options['load'] ?? [];
    if (!Array.isArray(load)) throw invalidOptions(`orchestrations.load must be an array of names; got ${describeValue(load)}.`);
    names = load;
    source = 'orchestrations.load';
  }
  const checked: string[] = [];
  for (const name of names) {
    assertName(name, source);
    if (checked.includes(name))
      throw new BatonError(BatonErrorCode.OrchestrationInvalidName, `Orchestration '${name}' is listed twice in ${source}. List it once.`);
    checked.push(name);
  }

  const directory = options['directory'];
  if (directory !== undefined && (typeof directory !== 'string' || directory.trim() === '')) {
    throw invalidOptions(`orchestrations.directory must be a non-empty path; got ${describeValue(directory)}.`);
  }

  const perName = options['options'] ?? {};
  if (typeof perName !== 'object' || perName === null || Array.isArray(perName)) {
    throw invalidOptions(`orchestrations.options must be an object keyed by orchestration name; got ${describeValue(perName)}.`);
  }
  for (const key of Object.keys(perName)) {
    if (!KEBAB.test(key))
      throw invalidOptions(`orchestrations.options has the key '${key}', which is not an orchestration name (kebab-case, e.g. 'inventory-sync').`);
  }

  return {
    names: checked,
    source,
    directory: typeof directory === 'string' ? resolve(cwd, directory) : undefined,
    options: perName as Record<string, unknown>,
    resolveFrom: resolveFromFile(options['resolveFrom'], cwd),
  };
}

function assertName(name: unknown, source: string): asserts name is string {
  if (typeof name === 'string' && KEBAB.test(name)) return;
  const text = describeValue(name);
  const escapes = typeof name === 'string' && (name.includes('/') || name.includes('\\') || name.includes('..') || isAbsolute(name));
  throw new BatonError(
    BatonErrorCode.OrchestrationInvalidName,
    escapes
      ? `Orchestration name ${text} in ${source} is a path: names are kebab-case (e.g. 'inventory-sync') and are looked up only among the installed @baton/orchestration-* packages and in the orchestrations directory. Nothing was loaded.`
      : `Orchestration name ${text} in ${source} is not kebab-case (e.g. 'inventory-sync': lower-case letters and digits, joined by single dashes). Nothing was loaded.`,
  );
}

/** A file path inside the directory to resolve installed packages from (createRequire wants a file). */
function resolveFromFile(value: unknown, cwd: string): string {
  if (value === undefined) return join(cwd, 'noop.js');
  let path: string;
  if (value instanceof URL || (typeof value === 'string' && value.startsWith('file:'))) {
    path = fileURLToPath(value);
  } else if (typeof value === 'string' && value.trim() !== '') {
    path = resolve(cwd, value);
  } else {
    throw invalidOptions(`orchestrations.resolveFrom must be a directory, a file path or a file: URL (import.meta.url); got ${describeValue(value)}.`);
  }
  return isDirectory(path) ? join(path, 'noop.js') : path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
