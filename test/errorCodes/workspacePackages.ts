// The published packages of the workspace, and their built entry points.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkspacePackage {
  readonly name: string;
  /** file: URL of its built ESM entry point. */
  readonly entry: string;
}

/** Every non-private package under packages/, with its `dist/index.js`; throws when one is not built. */
export function workspacePackages(): WorkspacePackage[] {
  return readdirSync(join(repoRoot, 'packages'))
    .filter((dir) => existsSync(join(repoRoot, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => {
      const entry = join(repoRoot, 'packages', dir, 'dist/index.js');
      if (!existsSync(entry)) throw new Error(`${manifest.name} is not built (${entry} is missing): run \`npx -y pnpm@10.34.9 build\` first.`);
      return { name: manifest.name, entry: pathToFileURL(entry).href };
    });
}
