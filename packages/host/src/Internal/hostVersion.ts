/** The version of `@baton/host`, as an instance registers it (kept equal to package.json's by hostVersion.spec.ts). */
export const hostVersion = '0.1.0';
