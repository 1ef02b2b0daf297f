// Consumers of services that are not registrations themselves, such as a workflow and its `.uses` keys: recorded
// against the ServiceCollection they belong to, so that validation names a broken chain from the consumer
// (`workflow 'restock' → Mid → Leaf → Missing`) rather than from whichever registration came first.
import type { ServiceKey } from '../Token.js';

/** Something that resolves `deps` without being registered: `name` starts the chains validation reports. */
export interface Consumer {
  readonly name: string;
  readonly deps: readonly ServiceKey<unknown>[];
}

const consumersByCollection = new WeakMap<object, Consumer[]>();

/** Records `consumer` on `services` (a ServiceCollection), for the provider it builds. */
export function addConsumer(services: object, consumer: Consumer): void {
  let consumers = consumersByCollection.get(services);
  if (consumers === undefined) {
    consumers = [];
    consumersByCollection.set(services, consumers);
  }
  consumers.push(consumer);
}

/** The consumers recorded on `services`, in the order they were added. */
export function consumersOf(services: object): readonly Consumer[] {
  return consumersByCollection.get(services) ?? [];
}
