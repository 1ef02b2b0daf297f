// The link checkers behind the pack check's README check (scripts/markdown-links.mjs) and the API reference's link
// check (scripts/api-docs.mjs), on small inputs whose broken links are known.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations.
import * as apiDocs from '../scripts/api-docs.mjs';
// @ts-expect-error: a plain .mjs script without declarations.
import * as markdownLinks from '../scripts/markdown-links.mjs';

const { htmlLinkProblems } = apiDocs as { htmlLinkProblems(dir: string): string[] };
const { headingAnchors, readmeLinkProblems } = markdownLinks as {
  headingAnchors(markdown: string): Set<string>;
  readmeLinkProblems(markdown: string, context: { shipped: ReadonlySet<string>; readFile: (path: string) => string | undefined; repoRoot: string }): string[];
};

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const repo = 'https://github.com/baton-js/baton';

describe('README links on the registry page', () => {
  const check = (markdown: string, shipped: string[] = ['README.md', 'package.json']) =>
    readmeLinkProblems(markdown, { shipped: new Set(shipped), readFile: () => '# Title\n', repoRoot });

  describe('when every link is absolute, into the tarball, or an anchor of the README', () => {
    it('should report nothing', () => {
      const markdown = [
        '# Title',
        '## Writing a `RunStore`',
        `See [core](${repo}/blob/main/packages/core/README.md#an-inversify-container-you-already-have),`,
        `[the example](${repo}/tree/main/examples/shop), [inversify](https://inversify.io),`,
        '[a shipped file](CHANGELOG.md#title) and [this section](#writing-a-runstore).',
        '```ts',
        'const broken = [x](../nowhere.md);',
        '```',
        'Inline `[y](../nowhere.md)` code is not a link.',
      ].join('\n');

      expect(check(markdown, ['README.md', 'CHANGELOG.md'])).toStrictEqual([]);
    });
  });

  describe('when links would break away from the repository', () => {
    it('should name each broken link and why', () => {
      const markdown = [
        '# Title',
        '[host](../host/README.md)',
        `[gone](${repo}/blob/main/docs/missing.md)`,
        `[folder as blob](${repo}/blob/main/examples/shop)`,
        `[bad anchor](${repo}/blob/main/packages/core/README.md#no-such-heading)`,
        '[own anchor](#nowhere)',
        '[ref]: ./docs/guide.md',
      ].join('\n');

      const problems = check(markdown);

      expect(problems).toHaveLength(6);
      expect(problems[0]).toMatch(/^line 2: \.\.\/host\/README\.md: a relative link the registry cannot follow/);
      expect(problems[1]).toContain('docs/missing.md does not exist in the repository');
      expect(problems[2]).toContain('examples/shop is a directory: link it with /tree/');
      expect(problems[3]).toContain('packages/core/README.md has no heading with the anchor #no-such-heading');
      expect(problems[4]).toContain('no heading in this README has that anchor');
      expect(problems[5]).toMatch(/^line 7: \.\/docs\/guide\.md: a relative link/);
    });
  });

  describe('when headings repeat', () => {
    it('should number their anchors as GitHub does', () => {
      expect([...headingAnchors('# Usage\n## Usage\n### `ServiceCollection` options!')]).toStrictEqual(['usage', 'usage-1', 'servicecollection-options']);
    });
  });
});

describe('API reference links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-api-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should report relative links to missing files or ids, and source links to missing files', () => {
    mkdirSync(join(dir, 'classes'));
    writeFileSync(
      join(dir, 'index.html'),
      '<a href="classes/A.html#method">A</a><a href="#top">top</a><div id="top"></div><a href="https://typedoc.org/">x</a>',
    );
    writeFileSync(
      join(dir, 'classes', 'A.html'),
      [
        '<h3 id="method">method</h3>',
        '<a href="../index.html#top">ok</a>',
        '<a href="../B.html">missing file</a>',
        '<a href="../index.html#gone">missing id</a>',
        `<a href="${repo}/blob/main/packages/core/src/index.ts#L3">ok</a>`,
        `<a href="${repo}/blob/main/packages/core/src/Nope.ts#L1">missing source</a>`,
      ].join('\n'),
    );

    expect(htmlLinkProblems(dir)).toStrictEqual([
      'classes/A.html: ../B.html: B.html does not exist',
      'classes/A.html: ../index.html#gone: no id "gone" in index.html',
      `classes/A.html: ${repo}/blob/main/packages/core/src/Nope.ts#L1: packages/core/src/Nope.ts does not exist in the repository`,
    ]);
  });
});
