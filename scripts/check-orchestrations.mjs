#!/usr/bin/env node
// Keeps orchestration packages honest: an orchestration composes services through interfaces it declares and
// depends on @baton/core alone (DESIGN.md, "The packages"; STYLE.md B, "Dependency rules").
//
//   node scripts/check-orchestrations.mjs [dir...]
//
// Each dir is an orchestration package (it has a package.json) or a folder of them (its orchestration-*
// subfolders are checked). Without dirs: packages/orchestration-* of this repository. Exits 1 and prints one
// `file:line:col: message` line per violation when a package breaks a rule; exits 0 otherwise.
//
// The rules, for every .ts/.tsx/.mts/.cts/.js/.mjs/.cjs file under src/ (imports are read with the TypeScript
// compiler API, so `import type`, `export ... from`, `import x = require()`, `import('x')` types, dynamic
// `import()` and `require()` all count, and text in comments or strings does not):
//   1. no @baton/host: an orchestration registers against core's HostBuilder and never owns the process;
//   2. no database driver or ORM (pg, mysql2, mongodb, redis, ioredis, better-sqlite3, knex, typeorm, prisma,
//      sequelize, drizzle-orm, ...): an orchestration owns no data;
//   3. no HTTP client (axios, got, node-fetch, undici, superagent, ky, node:http, node:https, ...) and no call to
//      the global fetch(): I/O goes through the services it composes;
//   4. no service implementation from elsewhere: outside tests, the only package import allowed is @baton/core
//      (and Node built-ins other than the network ones). Another @baton/* package (another orchestration, an
//      example), any other workspace or third-party package, a relative path that leaves the package, and a
//      dynamic import or require whose specifier is not a string literal (it cannot be checked) all fail. The
//      orchestration declares an interface and a token in src/Interfaces/ instead, and the app binds it.
//      Test files (*.spec.ts, *.int.spec.ts, *.spec-d.ts, and anything under a fakes/ folder) may also import
//      vitest, @baton/testing and @baton/host; rules 2 and 3 hold for them too;
//   5. an entry point: src/index.ts exports add<Name>Orchestration (Name is the PascalCase of the part after
//      `orchestration-`), and the interfaces it composes are in src/Interfaces/;
//   6. package.json: no `dependencies` (a dependency would be installed with the orchestration); @baton/core is
//      a peerDependency, and nothing else is;
//   7. the layout of the .NET orchestration seed (DESIGN.md, "An orchestration package"), read from the syntax tree
//      (a name counts when it is imported from @baton/core, under any alias or through a namespace import):
//      - src/Workflows/ holds workflow definitions: each file is named <Name>Workflow.ts and calls defineWorkflow(),
//        and declares no BackgroundService subclass;
//      - src/BackgroundServices/ holds real BackgroundService subclasses: each file is named
//        <Name>BackgroundService.ts and declares a class that extends BackgroundService (directly, or through
//        another class of the same file), and calls no defineWorkflow();
//      - outside those two folders, no file calls defineWorkflow() or declares a BackgroundService subclass;
//      - at least one of the two folders holds a file: a package has either or both.
//      Specs beside them are named after them (<Name>Workflow.spec.ts, <Name>BackgroundService.int.spec.ts, ...);
//      specs and files under fakes/ may otherwise hold anything.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(join(repoRoot, 'package.json'))('typescript');

const DATABASE_DRIVERS = [
  'pg',
  'pg-promise',
  'postgres',
  '@neondatabase/serverless',
  'mysql',
  'mysql2',
  'mariadb',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  '@redis/client',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'node:sqlite',
  'tedious',
  'mssql',
  'oracledb',
  'cassandra-driver',
  'knex',
  'kysely',
  'typeorm',
  'prisma',
  '@prisma/client',
  'sequelize',
  'drizzle-orm',
  '@mikro-orm/core',
  'objection',
  'bookshelf',
  'waterline',
  'level',
  'nano',
  'couchbase',
  'dynamoose',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@elastic/elasticsearch',
];
const HTTP_CLIENTS = [
  'axios',
  'got',
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'undici',
  'superagent',
  'ky',
  'request',
  'request-promise',
  'needle',
  'phin',
  'wretch',
  'ofetch',
  'make-fetch-happen',
  'http',
  'https',
  'http2',
  'node:http',
  'node:https',
  'node:http2',
];
// Network built-ins besides HTTP: raw sockets are I/O an orchestration leaves to its services.
const NETWORK_BUILTINS = ['net', 'tls', 'dgram', 'dns', 'node:net', 'node:tls', 'node:dgram', 'node:dns', 'dns/promises', 'node:dns/promises'];
const TEST_ONLY_PACKAGES = ['vitest', '@baton/testing', '@baton/host'];
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const TEST_FILE = /\.(?:spec|int\.spec|spec-d|test)\.(?:[cm]?ts|tsx|[cm]?js)$/;

/** The package name of a bare specifier (`@scope/name/x` → `@scope/name`), or the specifier itself for built-ins. */
function packageOf(specifier) {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matches(list, specifier) {
  const pkg = packageOf(specifier);
  return list.includes(specifier) || list.includes(pkg) || list.some((name) => name.endsWith('/') && specifier.startsWith(name));
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]);
}

function pascalCase(kebab) {
  return kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : walk(path);
    return SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module reference in `file`: `{ specifier, line, column, kind }`; `specifier` is undefined when not a literal. */
export function importsOf(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, specifierNode, kind) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    const literal = specifierNode !== undefined && (ts.isStringLiteral(specifierNode) || ts.isNoSubstitutionTemplateLiteral(specifierNode));
    found.push({ specifier: literal ? specifierNode.text : undefined, line: line + 1, column: character + 1, kind });
  };
  // Names defined in the file (a local `fetch` or `require` is not the global one). Ambient declarations
  // (`declare function require(...)`) only describe the global, so they do not count.
  const declared = new Set();
  const isAmbient = (node) =>
    (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Ambient) !== 0 || (ts.isFunctionDeclaration(node) && node.body === undefined);
  const collect = (node) => {
    if (
      (ts.isFunctionDeclaration(node) || ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isImportSpecifier(node) || ts.isImportClause(node)) &&
      node.name &&
      ts.isIdentifier(node.name) &&
      !isAmbient(node)
    ) {
      declared.add(node.name.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ? 'import type' : 'import');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node, node.moduleSpecifier, node.isTypeOnly ? 'export type ... from' : 'export ... from');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'import = require()');
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      add(node, ts.isLiteralTypeNode(argument) ? argument.literal : undefined, "import('...') type");
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        add(node, node.arguments[0], 'dynamic import()');
      } else if (ts.isIdentifier(callee) && callee.text === 'require' && !declared.has('require')) {
        add(node, node.arguments[0], 'require()');
      } else if (
        ts.isPropertyAccessExpression(callee) &&
        ['require', 'resolve'].includes(callee.name.text) &&
        ts.isIdentifier(callee.expression) &&
        ['module', 'require'].includes(callee.expression.text)
      ) {
        add(node, node.arguments[0], `${callee.expression.text}.${callee.name.text}()`);
      } else if (
        (ts.isIdentifier(callee) && callee.text === 'fetch' && !declared.has('fetch')) ||
        (ts.isPropertyAccessExpression(callee) &&
          callee.name.text === 'fetch' &&
          ts.isIdentifier(callee.expression) &&
          ['globalThis', 'window', 'global', 'self'].includes(callee.expression.text))
      ) {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ specifier: undefined, line: line + 1, column: character + 1, kind: 'fetch()' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * What `file` defines that the layout rule (7) cares about: its `defineWorkflow()` calls and its classes that extend
 * `BackgroundService`, each with its position. Only names imported from `@baton/core` count (under any alias, or as
 * `core.defineWorkflow` through a namespace import), so a local function or class of the same name does not.
 */
export function layoutOf(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const position = (node) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return { line: line + 1, column: character + 1 };
  };
  // Local names of @baton/core's exports (`import { defineWorkflow as define }`) and of the module itself.
  const imported = new Map();
  const namespaces = new Set();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === '@baton/core') {
      const clause = statement.importClause;
      if (clause === undefined || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) imported.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression) &&
      statement.moduleReference.expression.text === '@baton/core'
    ) {
      namespaces.add(statement.name.text);
    }
  }
  const isCore = (expression, name) =>
    (ts.isIdentifier(expression) && imported.get(expression.text) === name) ||
    (ts.isPropertyAccessExpression(expression) &&
      expression.name.text === name &&
      ts.isIdentifier(expression.expression) &&
      namespaces.has(expression.expression.text));

  const workflows = [];
  const classes = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && isCore(node.expression, 'defineWorkflow')) workflows.push(position(node));
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      const name = node.name?.text ?? (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : '(anonymous)');
      classes.push({ name, base, ...position(node.name ?? node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A class extends BackgroundService directly, or through a class of this file that does.
  const subclasses = new Set();
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of classes) {
      if (subclasses.has(entry) || entry.base === undefined) continue;
      const viaLocal = ts.isIdentifier(entry.base) && [...subclasses].some((known) => known.name === entry.base.text);
      if (isCore(entry.base, 'BackgroundService') || viaLocal) {
        subclasses.add(entry);
        grew = true;
      }
    }
  }
  const backgroundServices = classes.filter((entry) => subclasses.has(entry)).map(({ name, line, column }) => ({ name, line, column }));
  return { workflows, backgroundServices };
}

const FOLDERS = {
  Workflows: { suffix: 'Workflow', holds: 'workflow definitions (defineWorkflow)' },
  BackgroundServices: { suffix: 'BackgroundService', holds: 'BackgroundService subclasses' },
};

/** The layout problems of one file of `src` (rule 7), as `{ line, column, message }`. */
function judgeLayout(file, src) {
  const parts = relative(src, file).split(sep);
  if (parts.includes('fakes')) return [];
  const isTest = TEST_FILE.test(file);
  const folder = Object.hasOwn(FOLDERS, parts[0]) && parts.length > 1 ? parts[0] : undefined;
  const problems = [];
  const at = (where, message) => problems.push({ line: where.line, column: where.column, message });
  const top = { line: 1, column: 1 };
  if (folder !== undefined) {
    const { suffix } = FOLDERS[folder];
    const named = isTest ? new RegExp(`^[A-Z][A-Za-z0-9]*${suffix}\\.(?:spec|int\\.spec|spec-d|test)\\.ts$`) : new RegExp(`^[A-Z][A-Za-z0-9]*${suffix}\\.ts$`);
    if (!named.test(basename(file))) {
      at(
        top,
        isTest
          ? `is a spec in src/${folder}/, so it is named after what it tests: <Name>${suffix}.spec.ts (or .int.spec.ts) beside <Name>${suffix}.ts`
          : `is in src/${folder}/, so it is named <Name>${suffix}.ts: rename it, or move it to src/Internal/ if it is a helper (src/${folder}/ holds ${FOLDERS[folder].holds} only)`,
      );
    }
  }
  if (isTest) return problems;
  const { workflows, backgroundServices } = layoutOf(file);
  const moveClass = (entry) => `src/BackgroundServices/${entry.name.endsWith('BackgroundService') ? entry.name : '<Name>BackgroundService'}.ts`;
  if (folder === 'Workflows') {
    for (const entry of backgroundServices) {
      at(entry, `declares class ${entry.name}, a BackgroundService subclass: src/Workflows/ holds workflow definitions; move the class to ${moveClass(entry)}`);
    }
    if (workflows.length === 0 && backgroundServices.length === 0) {
      at(top, 'defines no workflow: a file in src/Workflows/ calls defineWorkflow() from @baton/core; put other code in src/Internal/');
    }
  } else if (folder === 'BackgroundServices') {
    for (const where of workflows) {
      at(
        where,
        'calls defineWorkflow(): src/BackgroundServices/ holds BackgroundService subclasses; move the workflow definition to src/Workflows/<Name>Workflow.ts',
      );
    }
    if (backgroundServices.length === 0 && workflows.length === 0) {
      at(top, 'holds no BackgroundService subclass: a file in src/BackgroundServices/ declares a class that extends BackgroundService from @baton/core');
    }
  } else {
    for (const where of workflows) at(where, 'calls defineWorkflow() outside src/Workflows/: workflow definitions live in src/Workflows/<Name>Workflow.ts');
    for (const entry of backgroundServices) {
      at(entry, `declares class ${entry.name}, a BackgroundService subclass, outside src/BackgroundServices/: move it to ${moveClass(entry)}`);
    }
  }
  return problems;
}

/** The problem with one module reference, or undefined when it is allowed. */
function judge(reference, file, packageDir) {
  const { specifier, kind } = reference;
  const isTest = TEST_FILE.test(file) || file.split(sep).includes('fakes');
  if (kind === 'fetch()')
    return 'calls the global fetch(): an orchestration does no HTTP of its own; declare an interface in src/Interfaces/ and let the app bind a client';
  if (specifier === undefined) return `has a ${kind} whose specifier is not a string literal, so it cannot be checked; import modules by literal name`;
  const what = `${kind} '${specifier}'`;
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = resolve(dirname(file), specifier);
    if (target === packageDir || target.startsWith(packageDir + sep)) return undefined;
    return `${what} reaches outside the package (${relative(repoRoot, target) || target}): import a service implementation nowhere; declare an interface and a token in src/Interfaces/ and let the app bind the implementation`;
  }
  if (packageOf(specifier) === '@baton/host' && !isTest) {
    return `${what}: an orchestration never depends on @baton/host; register against HostBuilder from @baton/core (add<Name>Orchestration(builder))`;
  }
  if (matches(DATABASE_DRIVERS, specifier)) {
    return `${what} is a database driver: an orchestration owns no data; declare the service it needs as an interface in src/Interfaces/ and let the app bind it`;
  }
  if (matches(HTTP_CLIENTS, specifier)) {
    return `${what} is an HTTP client: an orchestration does no I/O of its own; declare the service it calls as an interface in src/Interfaces/ and let the app bind a client`;
  }
  if (matches(NETWORK_BUILTINS, specifier)) {
    return `${what} is a network module: an orchestration does no I/O of its own; declare the service it calls as an interface in src/Interfaces/`;
  }
  if (isBuiltin(specifier)) return undefined;
  const pkg = packageOf(specifier);
  if (pkg === '@baton/core') return specifier === '@baton/core' ? undefined : `${what} is a deep import: only '@baton/core' itself is public`;
  if (isTest && TEST_ONLY_PACKAGES.includes(pkg)) return undefined;
  if (pkg.startsWith('@baton/')) {
    return `${what} imports another Baton package: an orchestration depends on @baton/core alone; declare the service it needs as an interface in src/Interfaces/ instead of importing an implementation`;
  }
  return `${what} is a dependency other than @baton/core: an orchestration depends on @baton/core alone; declare the service it needs as an interface in src/Interfaces/ and let the app bind the implementation`;
}

/** Checks one orchestration package; returns its violations as `{ file, line, column, message }`. */
export function checkOrchestration(packageDir) {
  packageDir = resolve(packageDir);
  const problems = [];
  const report = (file, line, column, message) => problems.push({ file: relative(process.cwd(), file) || file, line, column, message });
  const manifestPath = join(packageDir, 'package.json');
  let manifest = {};
  if (!existsSync(manifestPath)) report(manifestPath, 1, 1, 'is missing: an orchestration is a package');
  else {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (error) {
      report(manifestPath, 1, 1, `is not valid JSON: ${error.message}`);
    }
  }
  const folder = basename(packageDir);
  const nameFromManifest = typeof manifest.name === 'string' ? manifest.name.replace(/^@[^/]+\//, '') : undefined;
  const shortName = (nameFromManifest ?? folder).replace(/^orchestration-/, '');
  if (!(nameFromManifest ?? folder).startsWith('orchestration-')) {
    report(manifestPath, 1, 1, `name '${manifest.name ?? folder}' should be @baton/orchestration-<name>`);
  }
  const dependencies = Object.keys(manifest.dependencies ?? {});
  if (dependencies.length > 0) {
    report(
      manifestPath,
      1,
      1,
      `has dependencies (${dependencies.join(', ')}): an orchestration has none; @baton/core is a peerDependency (and a workspace devDependency)`,
    );
  }
  const peers = Object.keys(manifest.peerDependencies ?? {});
  for (const peer of peers.filter((name) => name !== '@baton/core')) {
    report(manifestPath, 1, 1, `has peerDependency '${peer}': an orchestration depends on @baton/core alone`);
  }
  if (existsSync(manifestPath) && !peers.includes('@baton/core')) report(manifestPath, 1, 1, "lacks the peerDependency '@baton/core'");

  const src = join(packageDir, 'src');
  const files = walk(src);
  for (const file of files) {
    for (const reference of importsOf(file)) {
      const problem = judge(reference, file, packageDir);
      if (problem !== undefined) report(file, reference.line, reference.column, problem);
    }
    for (const { line, column, message } of judgeLayout(file, src)) report(file, line, column, message);
  }

  const entryPoint = `add${pascalCase(shortName)}Orchestration`;
  const index = join(src, 'index.ts');
  if (!existsSync(index)) {
    report(index, 1, 1, `is missing: an orchestration's one public surface is src/index.ts, exporting ${entryPoint}`);
  } else if (!exportsName(index, entryPoint)) {
    report(
      index,
      1,
      1,
      `does not export ${entryPoint}: the entry point is add<Name>Orchestration(builder, options?), in src/${entryPoint}.ts, exported by name from src/index.ts`,
    );
  }
  const holds = (folderName) => files.some((file) => relative(src, file).split(sep)[0] === folderName && !TEST_FILE.test(file));
  if (!holds('Workflows') && !holds('BackgroundServices')) {
    report(
      join(src, 'Workflows'),
      1,
      1,
      'is missing, and so is src/BackgroundServices/: an orchestration keeps its workflow definitions in src/Workflows/<Name>Workflow.ts and its BackgroundService subclasses in src/BackgroundServices/<Name>BackgroundService.ts (one of the two, or both)',
    );
  }
  if (!existsSync(join(src, 'Interfaces')) || !statSync(join(src, 'Interfaces')).isDirectory()) {
    report(join(src, 'Interfaces'), 1, 1, 'is missing: an orchestration keeps the interfaces it composes in src/Interfaces/');
  }
  return problems;
}

/** Whether `index` exports `name` (a named export specifier, or an exported declaration). */
function exportsName(index, name) {
  const source = ts.createSourceFile(index, readFileSync(index, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements.some((statement) => {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      return !statement.isTypeOnly && statement.exportClause.elements.some((element) => element.name.text === name && !element.isTypeOnly);
    }
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return false;
    if (ts.isFunctionDeclaration(statement)) return statement.name?.text === name;
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === name);
    return false;
  });
}

/** The package dirs named by `dirs` (packages, or folders of orchestration-* packages). */
export function packagesIn(dirs) {
  return dirs.flatMap((dir) => {
    const path = resolve(dir);
    if (existsSync(join(path, 'package.json'))) return [path];
    if (!existsSync(path)) throw new Error(`${dir}: no such directory`);
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('orchestration-'))
      .map((entry) => join(path, entry.name))
      .sort();
  });
}

function main(argv) {
  let packages;
  try {
    packages = packagesIn(argv.length > 0 ? argv : [join(repoRoot, 'packages')]);
  } catch (error) {
    console.error(`check-orchestrations: ${error.message}`);
    return 2;
  }
  if (packages.length === 0) {
    console.error('check-orchestrations: no orchestration-* package found');
    return 2;
  }
  let failed = 0;
  for (const packageDir of packages) {
    const problems = checkOrchestration(packageDir);
    const label = relative(process.cwd(), packageDir) || packageDir;
    if (problems.length === 0) {
      console.log(`ok   ${label}`);
      continue;
    }
    failed++;
    console.error(`FAIL ${label}`);
    for (const { file, line, column, message } of problems) console.error(`  ${file}:${line}:${column}: ${message}`);
  }
  console.log(`${packages.length - failed} of ${packages.length} orchestration package(s) follow the convention.`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
