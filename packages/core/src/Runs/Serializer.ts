import { token } from '../DependencyInjection/Token.js';

/**
 * Encodes checkpoints: a run's input and each completed step's output, stored whole so that another engine can resume
 * the run or compensate its steps. The default, {@link JsonSerializer}, is JSON that round-trips `Date`, `BigInt`,
 * `Map`, `Set`, `undefined`, non-finite numbers and `Error`.
 *
 * @remarks `serialize` must throw a BatonError BATON_ERR_RUNS_CHECKPOINT_UNSERIALIZABLE for a value it cannot encode
 * faithfully, naming the offending value's type and path (e.g. `function at $.client.send`); the engine then fails the
 * step that returned it. `deserialize(serialize(v))` must give a value equal to `v`.
 */
export interface Serializer {
  serialize(value: unknown): string;
  deserialize(text: string): unknown;
}

/** DI token for the host's {@link Serializer}; the engine uses a {@link JsonSerializer} unless the app registers one. */
export const Serializer = token<Serializer>('@baton/core/Serializer');
