import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from './BatonErrorCode.js';

const errorsDoc = readFileSync(new URL('../../../../docs/reference/errors.md', import.meta.url), 'utf8');
const codes: string[] = Object.values(BatonErrorCode);

describe('BatonErrorCode', () => {
  it.each(codes)('should document %s', (code) => {
    expect(errorsDoc).toContain(`| ${code} |`);
  });

  it('should not document codes that no longer exist', () => {
    const documented = [...errorsDoc.matchAll(/^\| (BATON_ERR_[A-Z0-9_]+) \|/gm)].map((match) => match[1]);
    expect(documented.filter((code) => !codes.includes(code!))).toStrictEqual([]);
  });

  it('should keep every code unique and shaped BATON_ERR_<AREA>_<WHAT>', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^BATON_ERR_[A-Z0-9]+(_[A-Z0-9]+)+$/);
  });
});
