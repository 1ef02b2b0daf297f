// Checks the links of a README the way the registry's package page will show it. npm renders a package's README.md
// on its own, away from the repository, so a relative link works only if it points into the tarball; anything else
// must be absolute. Links into this repository (https://github.com/baton-js/baton/blob|tree/main/...) are checked
// against the working tree, anchors against the headings of the file they point at. Other absolute links are not
// fetched (the suite has no network but the npm registry).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Where the repository's files are published; package manifests point here too. */
export const repositoryUrl = 'https://github.com/baton-js/baton';

const repositoryLink = new RegExp(`^${repositoryUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/(blob|tree)/main/([^#?]*)(?:#(.*))?$`);

/**
 * The links of `markdown`, outside code: inline links and images `[text](target)`, and reference definitions.
 * @param {string} markdown
 * @returns {{ target: string, line: number }[]}
 */
export function markdownLinks(markdown) {
  const links = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1], line: index + 1 });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose);
    if (definition !== null) links.push({ target: definition[1], line: index + 1 });
  });
  return links;
}

/**
 * GitHub's anchors for the headings of `markdown` (`## Writing a RunStore` gives `writing-a-runstore`), with the
 * `-1`, `-2` suffixes of repeated headings.
 * @param {string} markdown
 * @returns {Set<string>}
 */
export function headingAnchors(markdown) {
  const anchors = new Set();
  const counts = new Map();
  let fenced = false;
  for (const text of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading === null) continue;
    const slug = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const seen = counts.get(slug) ?? 0;
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
    counts.set(slug, seen + 1);
  }
  return anchors;
}

/**
 * What is wrong with the links of a README shipped in a tarball.
 * @param {string} markdown the README
 * @param {{ shipped: ReadonlySet<string>, readFile: (path: string) => string | undefined, repoRoot: string }} context
 *   `shipped`: the tarball's file paths (`README.md`, `dist/index.js`); `readFile` reads one of them;
 *   `repoRoot`: the working tree that repository links are checked against.
 * @returns {string[]} one line per broken link, `line N: target: why`
 */
export function readmeLinkProblems(markdown, { shipped, readFile, repoRoot }) {
  const problems = [];
  const ownAnchors = headingAnchors(markdown);
  for (const { target, line } of markdownLinks(markdown)) {
    const problem = linkProblem(target, { shipped, readFile, repoRoot, ownAnchors });
    if (problem !== undefined) problems.push(`line ${line}: ${target}: ${problem}`);
  }
  return problems;
}

/**
 * What is wrong with a link into this repository (`https://github.com/baton-js/baton/blob|tree/main/<path>#anchor`):
 * a path that does not exist, `blob` for a folder or `tree` for a file, or an anchor that no heading of a markdown
 * file has. `undefined` when it is fine; `null` when `target` is not a link into this repository.
 * @param {string} target
 * @param {string} repoRoot
 * @returns {string | undefined | null}
 */
export function repositoryLinkProblem(target, repoRoot) {
  const repository = repositoryLink.exec(target);
  if (repository === null) return null;
  const [, kind, rawPath, anchor] = repository;
  const path = decodeURIComponent(rawPath).replace(/\/$/, '');
  const file = join(repoRoot, ...path.split('/'));
  if (!existsSync(file)) return `${path} does not exist in the repository`;
  const isDirectory = statSync(file).isDirectory();
  if (isDirectory !== (kind === 'tree')) return `${path} is a ${isDirectory ? 'directory: link it with /tree/' : 'file: link it with /blob/'}`;
  if (anchor !== undefined && !isDirectory && path.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))) {
    return `${path} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}

function linkProblem(target, { shipped, readFile, repoRoot, ownAnchors }) {
  if (target.startsWith('#')) return ownAnchors.has(decodeURIComponent(target.slice(1))) ? undefined : 'no heading in this README has that anchor';
  const repository = repositoryLinkProblem(target, repoRoot);
  if (repository !== null) return repository;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // another absolute URL (https:, mailto:): not fetched
  // Relative: only files in the tarball exist on the registry's page.
  const [rawPath, anchor] = target.split('#');
  const path = posix.normalize(decodeURIComponent(rawPath));
  if (path.startsWith('..') || !shipped.has(path)) {
    return `a relative link the registry cannot follow (${path} is not in the tarball): link ${repositoryUrl}/blob/main/... instead`;
  }
  if (anchor !== undefined && path.endsWith('.md') && !headingAnchors(readFile(path) ?? '').has(decodeURIComponent(anchor))) {
    return `${path} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}
