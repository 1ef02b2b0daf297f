import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostVersion } from './hostVersion.js';

describe('hostVersion', () => {
  it('should be the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(hostVersion).toBe(version);
  });
});
