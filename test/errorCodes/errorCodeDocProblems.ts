// The check behind errorCodes.int.spec.ts: docs/reference/errors.md against the error code registry.

const ROW = /^\| (BATON_ERR_[A-Z0-9_]+) \|/;
const HEADING = /^## (.+)$/;

/** The codes in the rows of each `## <package>` section of `markdown`; rows above the first section go under `''`. */
export function documentedErrorCodes(markdown: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let owner = '';
  for (const line of markdown.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      owner = heading[1]!.trim();
      if (!sections.has(owner)) sections.set(owner, []);
      continue;
    }
    const row = ROW.exec(line);
    if (row) {
      if (!sections.has(owner)) sections.set(owner, []);
      sections.get(owner)!.push(row[1]!);
    }
  }
  return sections;
}

/**
 * Every way `markdown` and `registry` (owner → codes, as `registeredErrorCodes()` returns it) disagree. A package in
 * `workspacePackages` that owns codes must have a section; an owner outside the workspace (a test fixture, a third
 * party) is checked only when the doc has a section for it.
 */
export function errorCodeDocProblems(markdown: string, registry: ReadonlyMap<string, readonly string[]>, workspacePackages: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const documented = documentedErrorCodes(markdown);
  const stray = documented.get('');
  if (stray?.length) problems.push(`rows above the first '## <package>' section: ${stray.join(', ')}`);
  for (const [owner, codes] of registry) {
    if (workspacePackages.has(owner) && !documented.has(owner))
      problems.push(`${owner} defines ${codes.length} code(s) but the doc has no '## ${owner}' section`);
  }
  const sectionOf = new Map<string, string>();
  for (const [owner, rows] of documented) {
    if (owner === '') continue;
    const codes = registry.get(owner);
    if (codes === undefined) {
      problems.push(`'## ${owner}': no package defined codes as '${owner}' (is its entry point imported?)`);
      continue;
    }
    for (const code of codes) if (!rows.includes(code)) problems.push(`'## ${owner}' lacks a row for ${code}`);
    for (const row of rows) {
      if (!codes.includes(row as never)) problems.push(`'## ${owner}' documents ${row}, which ${owner} does not define`);
      const other = sectionOf.get(row);
      if (other !== undefined) problems.push(`${row} is documented twice, under '## ${other}' and '## ${owner}'`);
      sectionOf.set(row, owner);
    }
  }
  return problems;
}
