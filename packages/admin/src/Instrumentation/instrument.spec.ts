import { BatonError, BatonErrorCode, NullLogger } from '@baton/core';
import { createHost } from '@baton/host';
import { describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return BatonError.is(error) ? error.code : `not a BatonError: ${String(error)}`;
  }
  return undefined;
}

const newHost = () => createHost({ logger: NullLogger });

describe('instrument', () => {
  it.each([
    ['an unknown key', { healht: {} }, "Unknown option 'healht'"],
    ['an unknown health key', { health: { stale: 3 } }, "Unknown option 'health.stale'"],
    ['a format it does not know', { health: { format: 'xml' } }, "health.format must be 'ietf' or 'terminus'; got 'xml'"],
    ['zero periods', { health: { staleAfterPeriods: 0 } }, 'health.staleAfterPeriods must be a number > 0; got 0'],
    ['tags that are not strings', { health: { livenessTags: [1] } }, 'health.livenessTags must be an array of non-empty strings'],
    ['a registry that is not one', { metrics: { registry: {} } }, 'metrics.registry must be a prom-client Registry'],
    ['metrics that are not an object', { metrics: 'yes' }, "metrics must be an object; got 'yes'"],
    ['a tracer provider without getTracer', { tracing: { tracerProvider: {} } }, 'tracing.tracerProvider must be an OpenTelemetry TracerProvider'],
  ])('should refuse %s with BATON_ERR_ADMIN_INVALID_OPTIONS, naming it', (_, options, message) => {
    let error: unknown;
    try {
      instrument(newHost(), options as never);
    } catch (caught) {
      error = caught;
    }
    expect(BatonError.is(error, BatonErrorCode.AdminInvalidOptions)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('should refuse something that is not a host', () => {
    expect(codeOf(() => instrument({} as never))).toBe(BatonErrorCode.AdminInvalidOptions);
  });

  it('should refuse a host that has started, with the host’s own code', async () => {
    const host = newHost();
    await host.start();
    try {
      expect(codeOf(() => instrument(host))).toBe(BatonErrorCode.HostRegistrationClosed);
    } finally {
      await host.stop();
    }
  });

  it('should register one hosted service, named @baton/admin', () => {
    const host = newHost();
    instrument(host, { metrics: false, tracing: false });
    expect(host.hostedServices().map((service) => service.name)).toStrictEqual(['@baton/admin']);
  });
});
