import type { FakeServiceSettings } from './FakeServiceSettings.js';

/**
 * Reads {@link FakeServiceSettings} from the environment: `FAKE_FAILURE_RATE` (0 to 1, default 0.1),
 * `FAKE_SEED` (an integer, default 42) and `FAKE_LATENCY_MS` (`min-max`, default `5-40`).
 */
export function readFakeServiceSettings(env: NodeJS.ProcessEnv): FakeServiceSettings {
  const failureRate = Number(env.FAKE_FAILURE_RATE ?? '0.1');
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error(`FAKE_FAILURE_RATE must be a number from 0 to 1; got '${env.FAKE_FAILURE_RATE}'.`);
  const seed = Number(env.FAKE_SEED ?? '42');
  if (!Number.isInteger(seed)) throw new Error(`FAKE_SEED must be an integer; got '${env.FAKE_SEED}'.`);
  const latency = /^(\d+)-(\d+)$/.exec(env.FAKE_LATENCY_MS ?? '5-40');
  if (latency === null || Number(latency[1]) > Number(latency[2]))
    throw new Error(`FAKE_LATENCY_MS must look like '5-40' (min-max milliseconds); got '${env.FAKE_LATENCY_MS}'.`);
  return { failureRate, seed, latencyMs: [Number(latency[1]), Number(latency[2])] };
}
