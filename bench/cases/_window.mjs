// The measured window of schedules-every-second, timed from a worker thread (not a case itself).
//
// Why a thread: a peer that saturates the main thread's timers (node-cron with 10,000 tasks on a slower core) keeps
// Node's timer phase busy with its backlog, so a window timed by a timer on the main thread ends minutes late and
// its CPU figure covers the backlog too. This thread sleeps with Atomics.wait, reads the process's CPU
// (process.cpuUsage() is the whole process's, from any thread) at the window's edges, and reads the lateness samples
// the main thread wrote into shared memory. It prints the case's JSON line itself, asks the main thread to exit, and,
// if the main thread is too busy to answer within 2 s, ends the process (SIGKILL; bench/run.mjs accepts a process
// that ended itself after printing its line).
import { writeSync } from 'node:fs';
import { workerData, parentPort } from 'node:worker_threads';
import { latenessStats, nowMs } from './_lib.mjs';

const { impl, count, seconds, windowStart, windowEnd, lateness, counter } = workerData;
const parked = new Int32Array(new SharedArrayBuffer(4));
const sleepUntil = (instant) => {
  const ms = instant - nowMs();
  if (ms > 0) Atomics.wait(parked, 0, 0, ms);
};
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

sleepUntil(windowStart);
const cpuBefore = process.cpuUsage();
const wallBefore = nowMs();
// The long mode: CPU % of each whole minute of the window, to show whether the cost stays flat.
const cpuPercentByMinute = [];
if (seconds > 120) {
  for (let minute = 1; minute * 60_000 <= windowEnd - windowStart; minute++) {
    const minuteCpu = process.cpuUsage();
    const minuteWall = nowMs();
    sleepUntil(windowStart + minute * 60_000);
    cpuPercentByMinute.push((cpuMs(minuteCpu) / (nowMs() - minuteWall)) * 100);
  }
}
sleepUntil(windowEnd);
const cpu = cpuMs(cpuBefore);
const wall = nowMs() - wallBefore;
// Late fires of slots inside the window still count: a cron schedule's last slot in it is due 0.5 s before the
// close, and node-cron drops a slot 1 s late.
sleepUntil(windowEnd + 600);
const samples = Atomics.load(counter, 0);
writeSync(
  1,
  JSON.stringify({
    case: 'schedules-every-second',
    impl,
    count,
    seconds,
    cpuPercent: (cpu / wall) * 100,
    fires: samples,
    expectedFires: count * seconds,
    firedPercent: (samples / (count * seconds)) * 100,
    cpuUsPerFire: samples > 0 ? (cpu * 1000) / samples : null,
    ...latenessStats(lateness.subarray(0, samples)),
    ...(cpuPercentByMinute.length >= 2 ? { cpuPercentByMinute, cpuFlatRatio: cpuPercentByMinute.at(-1) / cpuPercentByMinute[0] } : {}),
  }) + '\n',
);
parentPort.postMessage('done');
sleepUntil(nowMs() + 2000);
writeSync(2, `schedules-every-second ${impl}: the main thread did not exit within 2 s of the window's end (its timers are saturated); ending the process\n`);
process.kill(process.pid, 'SIGKILL');
