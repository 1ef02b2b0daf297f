// Validates probe bodies against the JSON Schemas the package ships (packages/admin/schemas), with ajv.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true });
const load = (name: string): object => JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), 'utf8')) as object;
const validators = { ietf: ajv.compile(load('health.schema.json')), terminus: ajv.compile(load('terminus.schema.json')) };

/** The schema errors of `body` (`[]` when it is valid). */
export function schemaErrors(format: 'ietf' | 'terminus', body: unknown): string[] {
  const validate = validators[format];
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
