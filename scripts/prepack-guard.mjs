#!/usr/bin/env node
// Every published package runs this as its `prepack` script. A package whose manifest has a `workspace:` range (say
// "@baton/core": "workspace:^") must be packed by pnpm, which rewrites the range to the version it stands for; a
// plain `npm pack` or `npm publish` would ship the range as is, and no registry user could install the package.
// So under any other client this refuses, and names the command to use instead. pnpm runs it too (prepack is part
// of `pnpm pack` and `pnpm publish`), where it passes.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dependency fields a consumer's package manager reads. */
export const publishedFields = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * The `workspace:` ranges in `manifest`'s published dependency fields, as `field.name: range` strings.
 * @param {Record<string, unknown>} manifest
 * @returns {string[]}
 */
export function workspaceRanges(manifest) {
  return publishedFields.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => String(range).startsWith('workspace:'))
      .map(([name, range]) => `${field}.${name}: ${range}`),
  );
}

/**
 * The client running this lifecycle script: `npm`, `pnpm` or `yarn`. Read from `npm_execpath`, which each client sets
 * to its own entry point (`npm-cli.js`, `pnpm.cjs`, `yarn.js`), even for an `npm pack` started inside a pnpm script,
 * where the inherited `npm_config_user_agent` would still say pnpm.
 */
function packingClient(env) {
  const entry = basename(env.npm_execpath ?? '');
  const client = /^(pnpm|yarn|npm)/.exec(entry)?.[1] ?? /^(\S+?)\//.exec(env.npm_config_user_agent ?? '')?.[1];
  return client ?? 'an unknown client';
}

function main() {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  const ranges = workspaceRanges(manifest);
  const client = packingClient(process.env);
  // pnpm and yarn rewrite workspace: ranges into versions when they pack.
  if (ranges.length === 0 || client === 'pnpm' || client === 'yarn') return;
  console.error(
    `${manifest.name}: refusing to pack with ${client}: the tarball would carry ${ranges.join(', ')}, which no registry user can install.\n` +
      'Pack or publish with pnpm, which rewrites workspace: ranges: `npx -y pnpm@10.34.9 pack` (or `pnpm publish`, ' +
      'or `npx changeset publish` from the repository root).',
  );
  process.exitCode = 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
