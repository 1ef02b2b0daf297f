// Runs scripts/check-orchestrations.mjs the way CI and users do (a child process): each failing fixture under
// fixtures/ breaks one rule and must fail with a message naming the file, the line and the import or declaration;
// the passing fixtures, the two real orchestration packages and freshly scaffolded ones must pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(repoRoot, 'test/orchestrations/fixtures');

function check(...dirs: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/check-orchestrations.mjs'), ...dirs], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (name: string) => join(fixtures, `orchestration-${name}`);

describe('check-orchestrations', () => {
  describe.each([
    {
      name: 'imports-host',
      problems: [
        "test/orchestrations/fixtures/orchestration-imports-host/src/Workflows/ImportsHostWorkflow.ts:2:1: import '@baton/host': an orchestration never depends on @baton/host",
      ],
    },
    {
      name: 'imports-database',
      problems: [
        "test/orchestrations/fixtures/orchestration-imports-database/src/Interfaces/Greeter.ts:2:1: import type 'pg' is a database driver",
        "test/orchestrations/fixtures/orchestration-imports-database/src/Workflows/ImportsDatabaseWorkflow.ts:8:38: dynamic import() 'ioredis' is a database driver",
      ],
    },
    {
      name: 'imports-http-client',
      problems: [
        "test/orchestrations/fixtures/orchestration-imports-http-client/src/Workflows/ImportsHttpClientWorkflow.ts:1:1: import 'node:https' is an HTTP client",
        "test/orchestrations/fixtures/orchestration-imports-http-client/src/Workflows/ImportsHttpClientWorkflow.ts:7:15: require() 'axios' is an HTTP client",
        'test/orchestrations/fixtures/orchestration-imports-http-client/src/Workflows/ImportsHttpClientWorkflow.ts:15:11: calls the global fetch()',
      ],
    },
    {
      name: 'imports-implementation',
      problems: [
        "test/orchestrations/fixtures/orchestration-imports-implementation/src/Workflows/ImportsImplementationWorkflow.ts:2:1: import '@baton/orchestration-tenant-provisioning' imports another Baton package",
        "test/orchestrations/fixtures/orchestration-imports-implementation/src/Workflows/ImportsImplementationWorkflow.ts:3:1: import '../../../../../../examples/shop/src/Services/InMemoryInventory.js' reaches outside the package (examples/shop/src/Services/InMemoryInventory.js)",
      ],
    },
    {
      name: 'missing-entry-point',
      problems: ['test/orchestrations/fixtures/orchestration-missing-entry-point/src/index.ts:1:1: does not export addMissingEntryPointOrchestration'],
    },
    {
      name: 'has-dependencies',
      problems: ['test/orchestrations/fixtures/orchestration-has-dependencies/package.json:1:1: has dependencies (@baton/host, pg)'],
    },
    {
      name: 'workflow-in-background-services',
      problems: [
        'test/orchestrations/fixtures/orchestration-workflow-in-background-services/src/BackgroundServices/WorkflowInBackgroundServicesBackgroundService.ts:7:17: calls defineWorkflow(): src/BackgroundServices/ holds BackgroundService subclasses; move the workflow definition to src/Workflows/<Name>Workflow.ts',
      ],
    },
    {
      name: 'background-service-in-workflows',
      problems: [
        'test/orchestrations/fixtures/orchestration-background-service-in-workflows/src/Workflows/GreetingWorkflow.ts:4:14: declares class GreetingWatcher, a BackgroundService subclass: src/Workflows/ holds workflow definitions; move the class to src/BackgroundServices/<Name>BackgroundService.ts',
      ],
    },
    {
      name: 'not-a-background-service',
      problems: [
        'test/orchestrations/fixtures/orchestration-not-a-background-service/src/BackgroundServices/PollerBackgroundService.ts:1:1: holds no BackgroundService subclass: a file in src/BackgroundServices/ declares a class that extends BackgroundService from @baton/core',
      ],
    },
    {
      name: 'misnamed',
      problems: [
        'test/orchestrations/fixtures/orchestration-misnamed/src/BackgroundServices/Watcher.ts:1:1: is in src/BackgroundServices/, so it is named <Name>BackgroundService.ts',
        'test/orchestrations/fixtures/orchestration-misnamed/src/Workflows/Greeting.test.ts:1:1: is a spec in src/Workflows/, so it is named after what it tests: <Name>Workflow.spec.ts',
        'test/orchestrations/fixtures/orchestration-misnamed/src/Workflows/greet.ts:1:1: is in src/Workflows/, so it is named <Name>Workflow.ts',
      ],
    },
    {
      name: 'no-workflows-folder',
      problems: [
        'test/orchestrations/fixtures/orchestration-no-workflows-folder/src/addNoWorkflowsFolderOrchestration.ts:5:24: calls defineWorkflow() outside src/Workflows/',
        'test/orchestrations/fixtures/orchestration-no-workflows-folder/src/Workflows:1:1: is missing, and so is src/BackgroundServices/',
      ],
    },
  ])('when a package is orchestration-$name', ({ name, problems }) => {
    it('should fail, naming each offending file, line and import', () => {
      const result = check(fixture(name));

      expect(result.status).toBe(1);
      const lines = result.stderr
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.trim());
      expect(lines).toHaveLength(problems.length);
      problems.forEach((problem, index) => expect(lines[index]).toContain(problem));
    });
  });

  describe('when forbidden imports appear only in comments and strings', () => {
    it('should pass, because imports are parsed, not grepped', () => {
      expect(check(fixture('comments-only'))).toMatchObject({ status: 0, stderr: '' });
    });
  });

  describe('when a package has both folders, each holding what it should', () => {
    it('should pass, through an aliased import, a same-file base class and a fakes/ folder', () => {
      expect(check(fixture('both-folders'))).toMatchObject({ status: 0, stderr: '' });
    });
  });

  describe('when run on the repository', () => {
    it('should pass the real orchestration packages', () => {
      const result = check();

      expect(result.status).toBe(0);
      expect(result.stdout).toContain('ok   packages/orchestration-inventory-sync');
      expect(result.stdout).toContain('ok   packages/orchestration-tenant-provisioning');
    });
  });

  describe.each([
    { kind: 'workflow', args: [] as string[] },
    { kind: 'background-service', args: ['--background-service'] },
  ])('when run on a freshly scaffolded $kind package', ({ kind, args }) => {
    const temp = mkdtempSync(join(tmpdir(), 'baton-check-'));
    afterAll(() => rmSync(temp, { recursive: true, force: true }));

    it('should pass it', () => {
      const created = spawnSync(process.execPath, [join(repoRoot, 'scripts/create-orchestration.mjs'), `fresh-${kind}`, '--dir', temp, ...args], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(created.status, created.stderr).toBe(0);

      expect(check(join(temp, `orchestration-fresh-${kind}`))).toMatchObject({ status: 0, stderr: '' });
    });
  });

  describe('when a folder holds no orchestration package', () => {
    it('should say so and exit 2', () => {
      const result = check(join(repoRoot, 'scripts'));
      expect([result.status, result.stderr.trim()]).toStrictEqual([2, 'check-orchestrations: no orchestration-* package found']);
    });
  });
});
