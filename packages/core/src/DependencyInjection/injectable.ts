import { injectable as inversifyInjectable } from 'inversify';

/**
 * Class decorator marking a class the container constructs, with its `@inject` parameters.
 *
 * @remarks Needs `experimentalDecorators`. The decorator-free alternative is a static `inject` list.
 */
export function injectable(): <T extends abstract new (...args: never[]) => unknown>(target: T) => void {
  const decorator = inversifyInjectable();
  return (target) => {
    decorator(target as never);
  };
}
