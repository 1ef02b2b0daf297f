// `baton migrate [--dry-run] [--url <url>] [--schema <name>]`: applies the missing migrations of @baton/postgres
// (the URL defaults to DATABASE_URL, the schema to `baton`); with --dry-run, prints their SQL and writes nothing.
import { parseArgs } from 'node:util';
import { migrate } from './migrate.js';

const USAGE = `Usage: baton migrate [--dry-run] [--url <postgres://...>] [--schema <name>] [--connect-timeout <ms>]

  --dry-run        print the SQL of the missing migrations; write nothing
  --url <url>      the database (defaults to DATABASE_URL)
  --schema <name>  the schema (defaults to baton)
  --connect-timeout <ms>  how long to keep trying to reach the server (defaults to 5000)`;

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        url: { type: 'string' },
        schema: { type: 'string' },
        'connect-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'migrate') {
    process.stderr.write(`${positionals.length === 0 ? 'No command given.' : `Unknown command '${positionals.join(' ')}'.`}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const dryRun = values['dry-run'] === true;
    const timeout = values['connect-timeout'];
    if (timeout !== undefined && !(Number(timeout) > 0)) {
      process.stderr.write(`--connect-timeout must be a number of milliseconds > 0; got '${timeout}'.\n\n${USAGE}\n`);
      return 2;
    }
    const result = await migrate({
      ...(values.url === undefined ? {} : { url: values.url }),
      ...(values.schema === undefined ? {} : { schema: values.schema }),
      ...(timeout === undefined ? {} : { connectTimeoutMs: Number(timeout) }),
      dryRun,
    });
    if (dryRun) {
      process.stdout.write(result.applied.length === 0 ? `-- The schema is at version ${result.from}: nothing to apply.\n` : result.sql);
    } else {
      process.stdout.write(
        result.applied.length === 0
          ? `The schema is at version ${result.to}: nothing to apply.\n`
          : `Migrated the schema from version ${result.from} to ${result.to} (applied ${result.applied.join(', ')}).\n`,
      );
    }
    return 0;
  } catch (error) {
    const { message } = error as { message?: unknown };
    process.stderr.write(`baton migrate failed: ${String(message ?? error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
