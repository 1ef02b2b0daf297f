import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ChildHost } from './fakes/ChildHost.js';

// Each test runs a fixture under packages/host/test/fixtures against the built @baton/host and @baton/core.
describe('ProcessSignalLifetime (host.run() in a child process)', () => {
  beforeAll(() => {
    assertBuilt();
  });

  describe('when SIGTERM arrives while the host runs', () => {
    it('should stop gracefully, let the service see its signal, and exit 0', async () => {
      const child = new ChildHost('test/fixtures/run-graceful.mjs');
      await child.waitFor('host:started');

      child.kill('SIGTERM');
      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 0, signal: null });
      expect(child.events('fixture:ready')[0]?.['message']).toBe('hello from TickService');
      expect(child.events('fixture:aborted')).toHaveLength(1);
      expect(child.events('host:service:stopped')[0]?.['service']).toBe('TickService');
      expect(child.events('host:stopped')[0]).toMatchObject({ level: 'info', ok: true, stillRunning: [], faulted: [] });
      expect(child.stderr).toBe('');
    });
  });

  describe("when a service faults under the default 'stop-host' policy", () => {
    it('should log the fault with the service name, stop the host and exit 1', async () => {
      const child = new ChildHost('test/fixtures/run-fault.mjs', ['execute']);

      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 1, signal: null });
      const fault = child.events('host:service:faulted')[0];
      expect(fault).toMatchObject({ level: 'error', service: 'PaymentPollerService', error: { message: 'payment gateway returned 500' } });
      expect(String((fault?.['error'] as { stack?: unknown }).stack)).toContain('run-fault.mjs');
      expect(child.events('host:stopped')[0]).toMatchObject({ level: 'error', ok: false, faulted: ['PaymentPollerService'] });
    });
  });

  describe('when the process has an unhandled rejection', () => {
    it('should treat it as a fault, stop the host and exit 1', async () => {
      const child = new ChildHost('test/fixtures/run-fault.mjs', ['unhandled']);

      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 1, signal: null });
      expect(child.events('host:process:faulted')[0]).toMatchObject({ kind: 'unhandledRejection', error: { message: 'nobody awaited me' } });
      expect(child.events('host:stopped')[0]).toMatchObject({ ok: false });
    });
  });

  describe('when a second SIGINT arrives while a service will not stop', () => {
    it('should exit at once with 130', async () => {
      const child = new ChildHost('test/fixtures/run-stubborn.mjs', ['1h']);
      await child.waitFor('host:started');

      child.kill('SIGINT');
      await child.waitFor('host:service:stopping');
      child.kill('SIGINT');
      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 130, signal: null });
      expect(child.events('host:signal:forced')).toHaveLength(1);
    });
  });

  describe('when the shutdown budget runs out', () => {
    it('should name the service still running and exit 1', async () => {
      const child = new ChildHost('test/fixtures/run-stubborn.mjs', ['100ms']);
      await child.waitFor('host:started');

      child.kill('SIGTERM');
      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 1, signal: null });
      expect(child.events('host:stopped')[0]).toMatchObject({ level: 'error', timedOut: true, stillRunning: ['StubbornService'] });
    });
  });

  describe('when the logger throws on every call from the 5th on', () => {
    it('should still stop every service gracefully on SIGTERM, exit 0 and report the logger once on stderr', async () => {
      const child = new ChildHost('test/fixtures/run-throwing-logger.mjs');
      await child.waitFor('fixture:started');
      // The workflow's third run: it and the services have been logging into the failing logger meanwhile.
      await child.waitFor('fixture:ticked-3');

      child.kill('SIGTERM');
      const exit = await child.exited;

      expect(exit).toStrictEqual({ code: 0, signal: null });
      expect(child.events('fixture:stopped').map((line) => line['service'])).toStrictEqual(['Mailer', 'Worker']);
      expect(child.events('fixture:host-stopped')).toStrictEqual([{ event: 'fixture:host-stopped', ok: true, errors: [] }]);
      expect(child.stderr.match(/\[baton\] The logger threw/g)).toHaveLength(1);
      expect(child.stderr).toContain('Error: log sink is down (call 5)');
      expect(child.stderr).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
    });
  });
});
