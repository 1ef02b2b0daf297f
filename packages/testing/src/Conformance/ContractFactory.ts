import type { RunStoreConformanceContext } from './RunStoreFactory.js';

/** An implementation under test, with how to dispose of it after its case (close a pool, drop a database). */
export interface ContractFixture<T> {
  readonly value: T;
  dispose?(): Promise<void> | void;
}

/**
 * Makes a fresh, empty implementation of a contract for one conformance case (an `AuditLog`, `ScheduleStore`,
 * `InstanceRegistry` or `ControlChannel`): the implementation itself, or a {@link ContractFixture} with a `dispose`.
 * `context.clock` is the case's clock, for implementations that take one.
 */
export type ContractFactory<T> = (context: RunStoreConformanceContext) => T | ContractFixture<T> | Promise<T | ContractFixture<T>>;
