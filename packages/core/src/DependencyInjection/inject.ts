import { inject as inversifyInject } from 'inversify';
import { recordConstructorKey } from './Internal/constructorKeys.js';
import type { ServiceKey } from './Token.js';

/**
 * Constructor-parameter decorator: inject the service registered for `key`.
 *
 * @remarks Needs `experimentalDecorators` in the consumer's tsconfig; `emitDecoratorMetadata` is not needed.
 * Without decorators, declare a static list instead, checked against the constructor:
 * `static inject = [Clock, Logger] as const satisfies InjectList<typeof Reporter>`.
 * @example
 * ```ts
 * @injectable()
 * class Reporter {
 *   constructor(@inject(Clock) private readonly clock: Clock) {}
 * }
 * ```
 */
export function inject(key: ServiceKey<unknown>): (target: object, propertyKey: string | symbol | undefined, parameterIndex: number) => void {
  const decorator = inversifyInject(key);
  return (target, propertyKey, parameterIndex) => {
    if (propertyKey === undefined) recordConstructorKey(target, parameterIndex, key);
    decorator(target, propertyKey, parameterIndex);
  };
}
