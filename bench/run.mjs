// Runs the benchmark cases: `node bench/run.mjs [case ...] [--quick] [--runs N] [--duration S]` (or `pnpm bench ...` at
// the root; --duration sets the measured seconds of the cases that take one, such as event-loop).
// Each case runs its implementations alternately, each in a fresh process that prints one JSON line, after an
// optional warm-up round; reports the median of every metric per implementation and the ratio Baton/peer; writes
// results/latest.json and RESULTS.md (full runs only: the cases run replace their earlier rows, the others are kept);
// and, with --quick, fails when a ratio misses its target in targets.json by more than 30%.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases } from './cases/index.mjs';
import { startPostgres } from '../scripts/postgres.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runsFlag = argv.indexOf('--runs');
const runsOverride = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : undefined;
const durationFlag = argv.indexOf('--duration');
const duration = durationFlag >= 0 ? Number(argv[durationFlag + 1]) : undefined;
const wanted = argv.filter((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--runs' && argv[index - 1] !== '--duration');
const targets = JSON.parse(readFileSync(path.join(here, 'targets.json'), 'utf8'));
const command = `node bench/run.mjs ${argv.join(' ')}`.trim();
const machine = `${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;

const unknown = wanted.filter((name) => !cases.some((c) => c.name === name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown case(s): ${unknown.join(', ')}. Cases: ${cases.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
// A `manual` case (longer than a full run allows) runs only when named.
// A case with `quick: false` is left out of --quick (unless named).
const selected = wanted.length > 0 ? cases.filter((c) => wanted.includes(c.name)) : cases.filter((c) => !c.manual && !(quick && c.quick === false));

// A case may set: nodeArgs (flags for node), runs ({quick, full}), warmup (default true), quickImpls (the
// implementations run with --quick: those that targets compare), timeoutMs (per process, default 120 s), and
// nodeVersion ({ [impl]: major }) for a peer that needs a newer Node than the machine's (e.g. pg-boss 12 needs 22+):
// that implementation then runs under `npx -y -p node@<major>`'s binary.
const nodeBinaries = new Map();
function nodeFor(benchCase, impl) {
  const major = benchCase.nodeVersion?.[impl];
  if (major === undefined || process.versions.node.split('.')[0] === String(major)) return process.execPath;
  if (!nodeBinaries.has(major)) {
    const binary = execFileSync('npx', ['-y', '-p', `node@${major}`, 'node', '-e', 'process.stdout.write(process.execPath)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    nodeBinaries.set(major, binary.trim());
  }
  return nodeBinaries.get(major);
}

// A case with `postgres: true` runs against ONE throwaway PostgreSQL 15 with fsync on, started before the first such
// case and stopped at the end of the run: every peer and Baton on the same server, in the same run. Its URL reaches
// the processes as BATON_BENCH_DATABASE_URL; each process creates a database of its own on it (cases/_pg.mjs).
let postgres;
async function postgresEnv(benchCase) {
  if (!benchCase.postgres) return process.env;
  postgres ??= await startPostgres({ fsync: true });
  return { ...process.env, BATON_BENCH_DATABASE_URL: postgres.url };
}
const stopPostgres = () => postgres?.stop();
// stop() is synchronous underneath (pg_ctl, then the dir removed), so it also runs on 'exit': a case that throws
// or a Ctrl-C leaves no server behind.
process.once('exit', stopPostgres);
process.once('SIGINT', () => process.exit(130));

function runOnce(benchCase, impl, env) {
  let out;
  try {
    out = execFileSync(nodeFor(benchCase, impl), [...(benchCase.nodeArgs ?? []), benchCase.script, impl, ...benchCase.args(quick, { duration })], {
      cwd: here,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: typeof benchCase.timeoutMs === 'function' ? benchCase.timeoutMs(quick, { duration }) : (benchCase.timeoutMs ?? 120_000),
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 2 ** 20,
    });
  } catch (error) {
    // A case may end its own process once its line is printed (schedules-every-second, when a peer saturates the
    // main thread's timers: see cases/_window.mjs). The runner's own timeout (ETIMEDOUT) and any other failure throw.
    if (error.code === 'ETIMEDOUT' || error.signal !== 'SIGKILL' || !/\{.*\}\s*$/.test(error.stdout ?? '')) throw error;
    out = error.stdout;
  }
  const line = out.trim().split('\n').pop();
  return JSON.parse(line);
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const targetText = (target) => `${target.min !== undefined ? '>=' : '<='} ${target.min ?? target.max}`;
const issueText = (issue) => (typeof issue === 'number' ? `#${issue}` : issue);

const rows = [];
const medianRows = [];
const failures = []; // enforced with --quick only; a full run reports misses in its output and RESULTS.md
const started = Date.now();
for (const benchCase of selected) {
  const caseStarted = Date.now();
  const impls = quick && benchCase.quickImpls ? benchCase.quickImpls : benchCase.impls;
  const runs = runsOverride ?? (quick ? (benchCase.runs?.quick ?? 3) : (benchCase.runs?.full ?? 5));
  process.stdout.write(`\n## ${benchCase.name}: ${benchCase.title}\n`);
  const samples = Object.fromEntries(impls.map((impl) => [impl, []]));
  const env = await postgresEnv(benchCase);
  // Warm-up round (disk cache, JIT of the loader); long, time-bound cases skip it.
  if (benchCase.warmup !== false) for (const impl of impls) runOnce(benchCase, impl, env);
  for (let round = 0; round < runs; round++) {
    for (const impl of impls) samples[impl].push(runOnce(benchCase, impl, env));
  }
  const baselines = benchCase.baseline.filter((impl) => impls.includes(impl));
  const peers = impls.filter((impl) => !benchCase.baseline.includes(impl) && !impl.startsWith('baton'));
  for (const metric of benchCase.metrics) {
    const better = metric.higherIsBetter ? 'higher is better' : 'lower is better';
    process.stdout.write(`  ${metric.field} (${metric.unit}, ${better})\n`);
    const medians = Object.fromEntries(impls.map((impl) => [impl, median(samples[impl].map((s) => s[metric.field]))]));
    for (const impl of impls) {
      process.stdout.write(`    ${impl.padEnd(18)} ${formatNumber(medians[impl])}\n`);
      medianRows.push({
        case: benchCase.name,
        metric: metric.field,
        unit: metric.unit,
        higherIsBetter: metric.higherIsBetter,
        impl,
        median: medians[impl],
        runs: samples[impl].length,
      });
    }
    for (const baton of baselines) {
      for (const peer of peers) {
        const ratio = medians[baton] / medians[peer];
        const key = `${metric.field} ${baton}/${peer}`;
        const target = targets[benchCase.name]?.[key];
        // A metric the peer has no value for (a floor without steps): nothing to compare.
        if (!Number.isFinite(ratio) && !target) continue;
        let verdict = '';
        if (target) {
          const met = target.min !== undefined ? ratio >= target.min : ratio <= target.max;
          const guard = target.min !== undefined ? ratio >= target.min * 0.7 : ratio <= target.max * 1.3;
          verdict = `${met ? 'meets' : 'MISSES'} target ${targetText(target)} (issue ${issueText(target.issue)})${target.open ? ' [open]' : target.guard === false ? ' [not guarded]' : ''}`;
          if (!guard && target.guard !== false && !target.open)
            failures.push(`${benchCase.name}: ${key} = ${ratio.toFixed(3)}, target ${JSON.stringify(target)}`);
        }
        process.stdout.write(`    ratio ${key}: ${formatRatio(ratio)} ${verdict}\n`);
        rows.push({
          case: benchCase.name,
          metric: metric.field,
          unit: metric.unit,
          higherIsBetter: metric.higherIsBetter,
          baton: medians[baton],
          batonImpl: baton,
          peer,
          peerValue: medians[peer],
          ratio,
          target: target ?? null,
          met: target ? (target.min !== undefined ? ratio >= target.min : ratio <= target.max) : null,
          runs,
        });
      }
    }
    // Absolute targets, keyed "<metric> <impl>" (no peer): for a case without peers, such as event-loop.
    for (const baton of baselines) {
      const key = `${metric.field} ${baton}`;
      const target = targets[benchCase.name]?.[key];
      if (!target) continue;
      const value = medians[baton];
      const met = target.min !== undefined ? value >= target.min : value <= target.max;
      const guard = target.min !== undefined ? value >= target.min * 0.7 : value <= target.max * 1.3;
      if (!guard && target.guard !== false && !target.open)
        failures.push(`${benchCase.name}: ${key} = ${formatNumber(value)}, target ${JSON.stringify(target)}`);
      process.stdout.write(
        `    target ${key}: ${formatNumber(value)} ${met ? 'meets' : 'MISSES'} ${targetText(target)} (issue ${issueText(target.issue)})${target.open ? ' [open]' : target.guard === false ? ' [not guarded]' : ''}\n`,
      );
      rows.push({
        case: benchCase.name,
        metric: metric.field,
        unit: metric.unit,
        higherIsBetter: metric.higherIsBetter,
        baton: value,
        batonImpl: baton,
        peer: null,
        peerValue: null,
        ratio: null,
        value,
        target,
        met,
        runs,
      });
    }
  }
  process.stdout.write(`  (${((Date.now() - caseStarted) / 1000).toFixed(1)} s)\n`);
}
await stopPostgres();
process.stdout.write(`\nTotal ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

function formatNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

// A section's figures are written anew on every full run; what follows this line in a section is kept as it is.
const NOTES_MARKER = '<!-- Notes below are written by hand; bench/run.mjs keeps them when it rewrites the figures above. -->';

/** The sections of RESULTS.md (from its `## name` heading to the next), by case name. */
function sectionsOf(markdown) {
  const sections = new Map();
  for (const section of markdown.split(/^(?=## )/m)) {
    const name = /^## (\S+)/.exec(section)?.[1];
    if (name !== undefined) sections.set(name, section.trimEnd());
  }
  return sections;
}

/** The hand-written notes of each section of RESULTS.md (its text after NOTES_MARKER), by case name. */
function handWrittenNotes(markdown) {
  const notes = new Map();
  for (const section of markdown.split(/^(?=## )/m)) {
    const name = /^## (\S+)/.exec(section)?.[1];
    const at = section.indexOf(NOTES_MARKER);
    if (name !== undefined && at !== -1) notes.set(name, section.slice(at + NOTES_MARKER.length).trim());
  }
  return notes;
}

function formatRatio(value) {
  return Number.isFinite(value) && Math.abs(value) < 0.01 && value !== 0 ? value.toPrecision(2) : Number.isFinite(value) ? value.toFixed(3) : String(value);
}

if (!quick) {
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const latestPath = path.join(here, 'results', 'latest.json');
  const previous = existsSync(latestPath) ? JSON.parse(readFileSync(latestPath, 'utf8')) : { runs: {} };
  const caseRuns = { ...(previous.runs ?? {}) };
  for (const name of Object.keys(caseRuns)) if (!cases.some((c) => c.name === name)) delete caseRuns[name];
  const date = new Date().toISOString();
  for (const benchCase of selected) {
    caseRuns[benchCase.name] = {
      date,
      command,
      node: process.version,
      machine,
      rows: rows.filter((r) => r.case === benchCase.name),
      medians: medianRows.filter((r) => r.case === benchCase.name),
    };
  }
  writeFileSync(latestPath, JSON.stringify({ updated: date, runs: caseRuns }, null, 2) + '\n');

  // The cases run now get their sections written anew; every other section of RESULTS.md is kept as it stands (its
  // figures may be newer than latest.json's, or written by hand for a manual case), and only a case with no section
  // yet is written from latest.json.
  const resultsPath = path.join(here, 'RESULTS.md');
  const existing = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  const notes = handWrittenNotes(existing);
  const kept = sectionsOf(existing);
  const ranNow = new Set(selected.map((c) => c.name));
  const order = cases.map((c) => c.name).filter((name) => ranNow.has(name) || kept.has(name) || caseRuns[name]);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `node bench/run.mjs` (full runs; `--quick` writes nothing). Each case below says the command, date and machine',
    'it was measured with; a run of some cases replaces only their sections. How to read this: bench/README.md.',
    'Ratios (Baton / peer, medians of separate processes run alternately) are the figures; absolute values are context for this machine.',
    '',
  ];
  for (const name of order) {
    if (!ranNow.has(name) && kept.has(name)) {
      lines.push(kept.get(name), '');
      continue;
    }
    const entry = caseRuns[name];
    const benchCase = cases.find((c) => c.name === name);
    lines.push(
      `## ${name}`,
      '',
      benchCase.title + '.',
      '',
      `\`${entry.command}\` — ${entry.date.slice(0, 16).replace('T', ' ')} UTC, Node ${entry.node}, ${entry.machine}; ${entry.medians[0]?.runs ?? '?'} runs per implementation.`,
      '',
    );
    const impls = [...new Set(entry.medians.map((m) => m.impl))];
    const metrics = [...new Set(entry.medians.map((m) => m.metric))];
    lines.push(`| Metric | ${impls.join(' | ')} |`, `| --- | ${impls.map(() => '---:').join(' | ')} |`);
    for (const metric of metrics) {
      const first = entry.medians.find((m) => m.metric === metric);
      const cells = impls.map((impl) => {
        const value = entry.medians.find((m) => m.metric === metric && m.impl === impl)?.median ?? NaN;
        return Number.isFinite(value) ? formatNumber(value) : '–';
      });
      lines.push(`| ${metric} (${first.unit}, ${first.higherIsBetter ? 'higher' : 'lower'} is better) | ${cells.join(' | ')} |`);
    }
    lines.push('');
    if (entry.rows.length > 0) {
      lines.push(`| ${entry.rows.some((r) => r.peer !== null) ? 'Ratio' : 'Figure'} | Value | Target | Verdict |`, '| --- | ---: | --- | --- |');
      for (const r of entry.rows) {
        const verdict = r.target ? (r.met ? 'met' : '**missed**') : '';
        const name = r.peer === null ? `${r.metric} ${r.batonImpl}` : `${r.metric} ${r.batonImpl}/${r.peer}`;
        const value = r.peer === null ? formatNumber(r.value) : formatRatio(r.ratio);
        lines.push(`| ${name} | ${value} | ${r.target ? `${targetText(r.target)} (${issueText(r.target.issue)})` : ''} | ${verdict} |`);
      }
      lines.push('');
    }
    if (notes.has(name)) lines.push(NOTES_MARKER, '', notes.get(name), '');
  }
  // Sections of cases that no longer exist, or that index.mjs does not know, stay at the end.
  for (const [name, section] of kept) if (!order.includes(name)) lines.push(section, '');
  writeFileSync(resultsPath, lines.join('\n'));
}

if (quick && failures.length > 0) {
  process.stderr.write(`\nBenchmark guard failed (ratio more than 30% off target):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
