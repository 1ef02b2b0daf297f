// Runs the benchmark cases: `pnpm bench [case ...] [--quick] [--runs N]`.
// Each case runs its implementations alternately, each in a fresh process, after one warm-up round; reports
// medians and the ratio Baton/peer; writes results/latest.json and RESULTS.md (full runs only); and, with
// --quick, fails when a ratio misses its target in targets.json by more than 30%.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases } from './cases/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runsFlag = argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : quick ? 3 : 5;
const wanted = argv.filter((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--runs');
const targets = JSON.parse(readFileSync(path.join(here, 'targets.json'), 'utf8'));

const unknown = wanted.filter((name) => !cases.some((c) => c.name === name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown case(s): ${unknown.join(', ')}. Cases: ${cases.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? cases.filter((c) => wanted.includes(c.name)) : cases;

function runOnce(benchCase, impl) {
  const out = execFileSync(process.execPath, [benchCase.script, impl, ...benchCase.args(quick)], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.trim().split('\n').pop();
  return JSON.parse(line);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const rows = [];
const failures = [];
for (const benchCase of selected) {
  process.stdout.write(`\n## ${benchCase.name}: ${benchCase.title}\n`);
  const samples = Object.fromEntries(benchCase.impls.map((impl) => [impl, []]));
  for (const impl of benchCase.impls) runOnce(benchCase, impl); // warm-up round (disk cache, JIT of the loader)
  for (let round = 0; round < runs; round++) {
    for (const impl of benchCase.impls) samples[impl].push(runOnce(benchCase, impl));
  }
  for (const metric of benchCase.metrics) {
    const medians = Object.fromEntries(benchCase.impls.map((impl) => [impl, median(samples[impl].map((s) => s[metric.field]))]));
    for (const impl of benchCase.impls) process.stdout.write(`  ${impl.padEnd(18)} ${formatNumber(medians[impl])} ${metric.unit}\n`);
    for (const baton of benchCase.baseline) {
      for (const peer of benchCase.impls.filter((impl) => !benchCase.baseline.includes(impl) && !impl.startsWith('baton'))) {
        const ratio = medians[baton] / medians[peer];
        const key = `${metric.field} ${baton}/${peer}`;
        const target = targets[benchCase.name]?.[key];
        let verdict = '';
        if (target) {
          const met = target.min !== undefined ? ratio >= target.min : ratio <= target.max;
          const guard = target.min !== undefined ? ratio >= target.min * 0.7 : ratio <= target.max * 1.3;
          verdict = met ? `meets target ${target.min !== undefined ? '>=' : '<='} ${target.min ?? target.max} (issue #${target.issue})` : `MISSES target ${target.min ?? target.max} (issue #${target.issue})`;
          if (!guard) failures.push(`${benchCase.name}: ${key} = ${ratio.toFixed(3)}, target ${JSON.stringify(target)}`);
        }
        process.stdout.write(`  ratio ${key}: ${ratio.toFixed(3)} ${verdict}\n`);
        rows.push({
          case: benchCase.name,
          metric: metric.field,
          unit: metric.unit,
          baton: medians[baton],
          batonImpl: baton,
          peer: peer,
          peerValue: medians[peer],
          ratio,
          target: target ?? null,
          runs,
          node: process.version,
          machine: `${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        });
      }
    }
  }
}

function formatNumber(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(3);
}

if (!quick) {
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), command: `pnpm bench ${argv.join(' ')}`.trim(), rows }, null, 2) + '\n');
  const table = [
    `# Benchmark results`,
    '',
    `Command: \`pnpm bench ${argv.join(' ')}\`; date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}; ${rows[0]?.machine ?? ''}.`,
    `Medians of ${runs} runs per implementation, run alternately in separate processes after a warm-up round. Ratios from one run are the figure; absolute numbers are context.`,
    '',
    '| Case | Metric | Baton | Peer | Peer value | Ratio Baton/peer | Target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.case} | ${r.metric} (${r.unit}) | ${formatNumber(r.baton)} | ${r.peer} | ${formatNumber(r.peerValue)} | ${r.ratio.toFixed(3)} | ${r.target ? `${r.target.min !== undefined ? '>=' : '<='} ${r.target.min ?? r.target.max} (#${r.target.issue})` : ''} |`),
    '',
  ].join('\n');
  writeFileSync(path.join(here, 'RESULTS.md'), table);
}

if (failures.length > 0) {
  process.stderr.write(`\nBenchmark guard failed (ratio more than 30% off target):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(1);
}
