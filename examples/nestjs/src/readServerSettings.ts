/** Where the API listens. */
export interface ServerSettings {
  readonly port: number;
  readonly hostname: string;
}

/**
 * Reads `PORT` (default 3000; `0` picks a free port) and `HOST` (default `127.0.0.1`, loopback only; `0.0.0.0` in a
 * container) from the environment.
 */
export function readServerSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const text = env.PORT === undefined || env.PORT === '' ? '3000' : env.PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be an integer from 0 to 65535; got '${text}'.`);
  return { port, hostname: env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST };
}
