// host.repl(): a node:repl for development, driven by dot-commands over the public Workflows control and the host's
// own state. Every command prints and returns to the prompt; a failing one prints its error and never ends the REPL.
import { toError, Workflows, type RunRecord, type StepRunRecord } from '@baton/core';
import type { REPLCommand, REPLServer } from 'node:repl';
import type { HostReplOptions } from '../HostReplOptions.js';
import type { ReplHost } from './ReplHost.js';

/** The commands that take a workflow name, completed on Tab. */
const WORKFLOW_COMMANDS = ['trigger', 'runs', 'pause', 'resume'];

/** Starts the REPL on `options`' streams. `host`, `workflows` and `provider` are in its context for JavaScript. */
export function startHostRepl(host: ReplHost, options: HostReplOptions = {}): REPLServer {
  // Loaded here, not imported at the top: node:repl loads node:domain, which wraps every EventEmitter of the process
  // (1.2% of an instrumented run's profile), and only the apps that open a REPL should pay for that.
  const repl = process.getBuiltinModule('node:repl');
  const output = options.output ?? process.stdout;
  const server = repl.start({
    prompt: options.prompt ?? `${host.name}> `,
    input: options.input ?? process.stdin,
    output,
    terminal: options.terminal ?? (output as { isTTY?: boolean }).isTTY === true,
    ignoreUndefined: true,
    // The inline preview would evaluate half-typed input and print completions as ghost text.
    preview: false,
  });
  const print = (text: string): void => void output.write(`${text}\n`);
  Object.defineProperty(server.context, 'workflows', { get: () => workflowsOf(host), enumerable: true });

  /** Runs `action`, prints what it returns (or its error), then shows the prompt again. */
  const command = (help: string, action: (args: string[], workflows: () => Workflows) => Promise<string> | string): REPLCommand => ({
    help,
    action(text: string) {
      const args = text.trim() === '' ? [] : text.trim().split(/\s+/);
      void (async () => {
        try {
          print(await action(args, () => requireWorkflows(host)));
        } catch (error) {
          print(`Error: ${toError(error).message}`);
        }
        server.displayPrompt();
      })();
    },
  });

  server.defineCommand(
    'services',
    command('List the hosted services and their state', () => formatServices(host)),
  );
  server.defineCommand(
    'workflows',
    command('List the workflows: state, schedule, next run, last run', async (_args, workflows) => formatWorkflows(await workflows().list())),
  );
  server.defineCommand(
    'trigger',
    command('Run a workflow now and show its run: .trigger <name> [JSON input]', async (args, workflows) => {
      const [name, ...rest] = args;
      if (name === undefined) return 'Usage: .trigger <workflow> [JSON input]';
      const input = rest.length === 0 ? undefined : (JSON.parse(rest.join(' ')) as unknown);
      print(`Triggering '${name}'...`);
      return formatRun(await workflows().trigger(name, input, { actor: 'repl' }));
    }),
  );
  server.defineCommand(
    'runs',
    command('List the latest runs of a workflow: .runs <name> [limit]', async (args, workflows) => {
      const [name, limit] = args;
      if (name === undefined) return 'Usage: .runs <workflow> [limit]';
      const runs = await workflows().history(name, { limit: limit === undefined ? 10 : Number(limit) });
      return runs.length === 0 ? `No runs of '${name}' yet.` : runs.map(formatRunLine).join('\n');
    }),
  );
  server.defineCommand(
    'run',
    command('Show a run and its steps: .run <run id, or its first characters>', async ([id], workflows) => {
      if (id === undefined) return 'Usage: .run <run id>';
      const run = await findRun(workflows(), id);
      return run === undefined ? `No run with an id starting '${id}'.` : formatRun(run);
    }),
  );
  server.defineCommand(
    'pause',
    command('Stop ticking a workflow on every replica (runs in flight go on): .pause <name>', async ([name], workflows) => {
      if (name === undefined) return 'Usage: .pause <workflow>';
      await workflows().pause(name, { actor: 'repl' });
      return `Paused '${name}'.`;
    }),
  );
  server.defineCommand(
    'resume',
    command('Resume ticking a workflow from its next slot: .resume <name>', async ([name], workflows) => {
      if (name === undefined) return 'Usage: .resume <workflow>';
      await workflows().resume(name, { actor: 'repl' });
      return `Resumed '${name}'.`;
    }),
  );
  server.defineCommand(
    'cancel',
    command('Cancel a run in flight, wherever it runs: .cancel <run id>', async ([id], workflows) => {
      if (id === undefined) return 'Usage: .cancel <run id>';
      return (await workflows().cancel(id, { actor: 'repl' })) ? `Cancelled run ${id}.` : `No run ${id} is running.`;
    }),
  );

  completeWorkflowNames(server, host);
  return server;
}

/** Tab after `.trigger `, `.runs `, `.pause ` or `.resume ` completes a workflow name; anything else as node:repl does. */
function completeWorkflowNames(server: REPLServer, host: ReplHost): void {
  const fallback = server.completer.bind(server);
  const completer = (line: string, callback: (error: Error | null, result?: [string[], string]) => void): void => {
    const match = /^\.(\w+)\s+(\S*)$/.exec(line);
    const workflows = workflowsOf(host);
    if (match === null || !WORKFLOW_COMMANDS.includes(match[1]!) || workflows === undefined) {
      (fallback as (line: string, callback: (error: Error | null, result?: [string[], string]) => void) => void)(line, callback);
      return;
    }
    const partial = match[2]!;
    workflows.list().then(
      (infos) => callback(null, [infos.map((info) => info.name).filter((name) => name.startsWith(partial)), partial]),
      () => callback(null, [[], partial]),
    );
  };
  (server as unknown as { completer: typeof completer }).completer = completer;
}

function requireWorkflows(host: ReplHost): Workflows {
  const workflows = workflowsOf(host);
  if (workflows === undefined) {
    throw new Error(host.state === 'created' ? 'The host has not started: workflows are reachable once host.start() has run.' : 'This host has no workflows.');
  }
  return workflows;
}

async function findRun(workflows: Workflows, id: string): Promise<RunRecord | undefined> {
  for (const info of await workflows.list()) {
    const run = (await workflows.history(info.name)).find((candidate) => candidate.id.startsWith(id));
    if (run !== undefined) return run;
  }
  return undefined;
}

function formatServices(host: ReplHost): string {
  const services = host.hostedServices();
  if (services.length === 0) return `Host '${host.name}' is ${host.state}; no hosted services.`;
  return [
    `Host '${host.name}' is ${host.state}.`,
    ...table(
      ['SERVICE', 'STATE'],
      services.map((service) => [service.name, service.state]),
    ),
  ].join('\n');
}

function formatWorkflows(infos: Awaited<ReturnType<Workflows['list']>>): string {
  if (infos.length === 0) return 'No workflows.';
  const rows = infos.map((info) => [
    info.name,
    info.state === 'waiting' ? `waiting (missing ${info.missing.join(', ')})` : info.state,
    info.schedule ?? '-',
    info.nextDueAt === undefined ? '-' : iso(info.nextDueAt),
    String(info.running),
    info.lastRun === undefined ? '-' : `${info.lastRun.status} ${short(info.lastRun.id)}`,
  ]);
  return table(['WORKFLOW', 'STATE', 'SCHEDULE', 'NEXT', 'RUNNING', 'LAST RUN'], rows).join('\n');
}

function formatRunLine(run: RunRecord): string {
  const took = run.finishedAt === undefined ? 'in flight' : `${run.finishedAt - run.startedAt} ms`;
  return `${run.id}  ${run.status.padEnd(19)} ${run.trigger.padEnd(8)} ${iso(run.startedAt)}  ${took}`;
}

function formatRun(run: RunRecord): string {
  const lines = [
    `Run ${run.id} of '${run.workflow}': ${run.status}`,
    `  trigger ${run.trigger}, started ${iso(run.startedAt)}${run.finishedAt === undefined ? ', in flight' : `, took ${run.finishedAt - run.startedAt} ms`}`,
  ];
  if (run.inputSummary !== undefined) lines.push(`  input  ${run.inputSummary}`);
  if (run.outputSummary !== undefined) lines.push(`  output ${run.outputSummary}`);
  if (run.error !== undefined) lines.push(`  error  ${run.error.message}`);
  if (run.steps.length > 0) {
    lines.push('  steps:');
    for (const row of table(['STEP', 'STATUS', 'ATTEMPTS', 'DETAIL'], run.steps.map(stepRow))) lines.push(`    ${row}`);
  }
  return lines.join('\n');
}

function stepRow(step: StepRunRecord): string[] {
  const detail = [
    step.error === undefined ? undefined : `error: ${step.error.message}`,
    step.compensation === undefined
      ? undefined
      : `compensation ${step.compensation.status}${step.compensation.error === undefined ? '' : `: ${step.compensation.error.message}`}`,
  ].filter((part) => part !== undefined);
  return [step.name, step.status, String(step.attempts), detail.join('; ') || '-'];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function short(id: string): string {
  return id.slice(0, 8);
}

/** The host's `Workflows`, from its provider; `undefined` before start, without workflows, or once disposed. */
function workflowsOf(host: ReplHost): Workflows | undefined {
  try {
    return host.provider.tryGet(Workflows);
  } catch {
    return undefined; // Not built yet (before start), or disposed with the stopped host.
  }
}
