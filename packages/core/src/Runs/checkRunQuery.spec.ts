import { describe, expect, it } from 'vitest';
import { BatonError, BatonErrorCode, checkRunQuery, InMemoryRunStore, runStatuses, type RunQuery } from '../index.js';

const refused = (query: unknown): string => {
  try {
    checkRunQuery(query as RunQuery);
  } catch (error) {
    expect(BatonError.is(error, BatonErrorCode.RunsInvalidQuery)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
};

describe('checkRunQuery', () => {
  it('accepts every well-formed filter', () => {
    expect(() => checkRunQuery({})).not.toThrow();
    expect(() => checkRunQuery({ workflow: ['a', 'b'], status: [...runStatuses], trigger: 'manual', from: 0, to: 10, limit: 500 })).not.toThrow();
    expect(() => checkRunQuery({ workflow: 'a', from: 5, to: 5, limit: 1 })).not.toThrow();
  });

  it('refuses each malformed filter with BATON_ERR_RUNS_INVALID_QUERY, naming it and what it got', () => {
    expect(refused({ workflow: 7 })).toContain('workflow filter');
    expect(refused({ status: 'failed' })).toContain('status filter must be an array');
    expect(refused({ status: ['exploded'] })).toContain('Unknown run status "exploded"');
    expect(refused({ trigger: 'cron' })).toContain('Unknown run trigger "cron"');
    expect(refused({ from: 10, to: 5 })).toContain('[10, 5) is invalid');
    expect(refused({ from: Number.NaN })).toContain('is invalid');
    expect(refused({ limit: 501 })).toContain('from 1 to 500; got 501');
    expect(refused({ limit: 1.5 })).toContain('got 1.5');
  });

  it('is the check InMemoryRunStore applies, so both refuse the same query the same way', async () => {
    const query = { status: ['exploded'] } as unknown as RunQuery;
    await expect(new InMemoryRunStore().queryRuns(query)).rejects.toThrow(refused(query));
  });
});
