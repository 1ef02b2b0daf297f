#!/usr/bin/env node
// Builds the API reference from the TSDoc comments with TypeDoc (typedoc.json: every packages/*/src/index.ts, into
// docs/api/, which git ignores), then checks every link in the generated HTML:
// - TypeDoc itself fails on a {@link} it cannot resolve, or on an exported type that references one that is not
//   exported (treatValidationWarningsAsErrors);
// - a relative href or src must name a generated file, and its #fragment an id in that file;
// - a link into this repository (the "Defined in" source links) must name a file that exists.
// Other absolute links are not fetched. Usage: `node scripts/api-docs.mjs [--no-build]`; `pnpm docs:api` runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryLinkProblem } from './markdown-links.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where typedoc.json writes the reference. */
export const apiDocsDir = join(repoRoot, 'docs', 'api');

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The `id` and `name` attributes of an HTML or SVG document. */
function idsOf(text) {
  return new Set([...text.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((match) => match[1]));
}

/**
 * The broken links of the HTML files under `dir`, one line each: `file: target: why`.
 * @param {string} dir
 * @returns {string[]}
 */
export function htmlLinkProblems(dir) {
  const problems = [];
  const ids = new Map();
  const idsFor = (file) => {
    if (!ids.has(file)) ids.set(file, idsOf(readFileSync(file, 'utf8')));
    return ids.get(file);
  };
  for (const file of walk(dir).filter((path) => path.endsWith('.html'))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(dir, file);
    for (const [, target] of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const link = target.replaceAll('&amp;', '&');
      if (link === '' || link === '#') continue;
      const repository = repositoryLinkProblem(link, repoRoot);
      if (repository !== null) {
        if (repository !== undefined) problems.push(`${where}: ${link}: ${repository}`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue; // other absolute URLs: not fetched
      const [pathAndQuery, fragment] = link.split('#');
      const path = pathAndQuery.split('?')[0];
      const targetFile = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      if (!existsSync(targetFile)) {
        problems.push(`${where}: ${link}: ${relative(dir, targetFile)} does not exist`);
        continue;
      }
      if (fragment !== undefined && fragment !== '' && /\.(html|svg)$/.test(targetFile) && !idsFor(targetFile).has(decodeURIComponent(fragment))) {
        problems.push(`${where}: ${link}: no id "${fragment}" in ${relative(dir, targetFile)}`);
      }
    }
  }
  return problems;
}

function main(argv) {
  if (!argv.includes('--no-build')) {
    // typedoc's exports map hides bin/, so find it from the package root.
    const typedoc = join(dirname(createRequire(join(repoRoot, 'package.json')).resolve('typedoc/package.json')), 'bin', 'typedoc');
    const result = spawnSync(process.execPath, [typedoc], { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error('api-docs: TypeDoc failed (an unresolved {@link}, or a public type that is not exported?): see above.');
      process.exitCode = 1;
      return;
    }
  }
  if (!existsSync(apiDocsDir)) {
    console.error(`api-docs: ${relative(repoRoot, apiDocsDir)} does not exist; run without --no-build.`);
    process.exitCode = 1;
    return;
  }
  const problems = htmlLinkProblems(apiDocsDir);
  const pages = walk(apiDocsDir).filter((path) => path.endsWith('.html')).length;
  if (problems.length > 0) {
    console.error(`api-docs: ${problems.length} broken link(s) in ${relative(repoRoot, apiDocsDir)}:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`api-docs: ${pages} pages in ${relative(repoRoot, apiDocsDir)}, every link resolves.`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
