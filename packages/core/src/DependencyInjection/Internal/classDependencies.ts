// What a class registration needs from its class: the keys of its constructor parameters, checked. Shared by
// ServiceCollection (which registers classes) and constructorDependencies (for hosts that construct a class
// themselves), so a class the container would refuse is refused on both paths, with the same message.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { describeKey, type ServiceKey } from '../Token.js';
import { decoratedConstructorKeys } from './constructorKeys.js';
import { constructorParameterNames } from './constructorParameterNames.js';

type ClassWithKeys = (abstract new (...args: never[]) => unknown) & { readonly inject?: unknown };

/**
 * The constructor keys of `type`: its `@inject` decorators, else its static `inject` list.
 * @throws BATON_ERR_DI_INVALID_REGISTRATION naming the class (registered as `name`) and the parameter, for an
 * undecorated parameter, a list that is not an array, too short or holds something that is not a key, or a list
 * whose keys name the constructor's parameters in another order.
 */
export function classDependencies(type: ClassWithKeys, name: string): { readonly decorated: boolean; readonly deps: readonly ServiceKey<unknown>[] } {
  const decorated = decoratedConstructorKeys(type);
  const listed = type.inject;
  if (listed !== undefined && !Array.isArray(listed)) {
    throw invalidRegistration(`Service '${name}': static inject on class ${type.name} must be an array of keys.`);
  }
  if (decorated !== undefined) {
    const holes = [...decorated.keys()].filter((index) => decorated[index] === undefined);
    if (holes.length > 0 || decorated.length < type.length) {
      throw invalidRegistration(`Class ${type.name} (for '${name}') has constructor parameters without @inject(key); decorate every parameter.`);
    }
    return { decorated: true, deps: decorated };
  }
  const deps = (listed ?? []) as readonly ServiceKey<unknown>[];
  assertKeys(name, deps);
  const parameters = constructorParameterNames(type);
  if (deps.length < type.length) {
    const missing = parameters?.[deps.length];
    throw invalidRegistration(
      `Class ${type.name} (for '${name}') takes ${type.length} constructor parameter(s) but declares ${deps.length}` +
        (missing === undefined ? '' : `: parameter #${deps.length + 1} '${missing}' has no key`) +
        '. List them in a static inject array, or decorate them with @inject(key).',
    );
  }
  if (parameters !== undefined) assertInjectOrder(type, deps, parameters);
  return { decorated: false, deps };
}

/**
 * Refuses a static inject list whose keys name the constructor's parameters in another order (`[Logger, Clock]`
 * for `constructor(clock, logger)`): each parameter would get the other's service, and fail far from here.
 * Keys are compared by the last segment of their name (`@acme/Clock` is `clock`), ignoring case and punctuation;
 * a list whose keys do not name the parameters is left alone (`satisfies InjectList<typeof C>` checks those).
 */
function assertInjectOrder(type: ClassWithKeys, deps: readonly ServiceKey<unknown>[], parameters: readonly string[]): void {
  const keyNames = deps.map((dep) => describeKey(dep).split('/').pop()!);
  const listed = keyNames.map(comparable);
  parameters.forEach((parameter, index) => {
    const wanted = comparable(parameter);
    if (index >= listed.length || listed[index] === wanted) return;
    const elsewhere = listed.indexOf(wanted);
    if (elsewhere === -1) return;
    throw invalidRegistration(
      `Class ${type.name} lists static inject [${keyNames.join(', ')}], but its constructor takes (${parameters.join(', ')}): ` +
        `parameter #${index + 1} '${parameter}' would get ${keyNames[index]}, listed for #${elsewhere + 1}. ` +
        `List the keys in the constructor's order, and check the list with \`satisfies InjectList<typeof ${type.name}>\`.`,
    );
  });
}

function comparable(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Refuses a dependency that is not a key (a token or a class): often an import cycle left it `undefined`. */
export function assertKeys(name: string, deps: readonly unknown[]): void {
  deps.forEach((dep, index) => {
    if (typeof dep !== 'symbol' && typeof dep !== 'function') {
      throw invalidRegistration(`Service '${name}': dependency #${index} is ${describeValue(dep)}, not a token or a class. Is an import circular?`);
    }
  });
}

export function invalidRegistration(message: string): BatonError {
  return new BatonError(BatonErrorCode.DiInvalidRegistration, message);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
