// The parameter names of a class's own constructor, read from its source text, for messages about a static inject
// list. Only a plain list of identifiers counts (no defaults, destructuring or comments): anything else, a class
// without a constructor of its own, or minified code gives nothing, and the checks that use the names are skipped.

const CONSTRUCTOR = /(?:^|[\s;{}])constructor\s*\(([^)]*)\)/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The names of `type`'s own constructor parameters, or `undefined` when they cannot be read plainly. */
export function constructorParameterNames(type: abstract new (...args: never[]) => unknown): readonly string[] | undefined {
  let source: string;
  try {
    source = Function.prototype.toString.call(type);
  } catch {
    return undefined;
  }
  if (!source.startsWith('class')) return undefined;
  const list = CONSTRUCTOR.exec(source)?.[1];
  if (list === undefined) return undefined;
  const names = list.split(',').map((name) => name.trim());
  if (names.length === 1 && names[0] === '') return [];
  return names.every((name) => IDENTIFIER.test(name)) ? names : undefined;
}
