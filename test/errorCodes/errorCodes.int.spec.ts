// The one check of docs/reference/errors.md: it imports every package's built entry point (run
// `npx -y pnpm@10.34.9 build` first), so each package's defineErrorCodes(...) runs and fills the process-wide
// registry, then compares the registry with the doc's `## <package>` sections.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCodeDocProblems } from './errorCodeDocProblems.js';
import { repoRoot, workspacePackages } from './workspacePackages.js';

const errorsDoc = readFileSync(join(repoRoot, 'docs/reference/errors.md'), 'utf8');
const packages = workspacePackages();
let registry: ReadonlyMap<string, readonly string[]>;

beforeAll(async () => {
  for (const { entry } of packages) await import(entry);
  const core = (await import(packages.find(({ name }) => name === '@baton/core')!.entry)) as { registeredErrorCodes(): ReadonlyMap<string, readonly string[]> };
  registry = core.registeredErrorCodes();
});

describe('docs/reference/errors.md', () => {
  it('should be checked against every published package', () => {
    expect(packages.map(({ name }) => name)).toStrictEqual(
      expect.arrayContaining([
        '@baton/core',
        '@baton/host',
        '@baton/testing',
        '@baton/orchestration-inventory-sync',
        '@baton/orchestration-tenant-provisioning',
      ]),
    );
    expect(registry.get('@baton/core')).toContain('BATON_ERR_DI_MISSING_BINDING');
  });

  it("should document each package's codes in its own section, and nothing else", () => {
    expect(errorCodeDocProblems(errorsDoc, registry, new Set(packages.map(({ name }) => name)))).toStrictEqual([]);
  });
});
