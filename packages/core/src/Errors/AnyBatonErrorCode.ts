/**
 * The shape of every Baton error code, whichever package owns it: `BATON_ERR_<AREA>_<WHAT>`.
 *
 * @remarks {@link BatonError} takes any of them, so a package's own codes (see {@link defineErrorCodes}) need no
 * change to `@baton/core`. Core's own codes are the narrower {@link BatonErrorCode}.
 */
export type AnyBatonErrorCode = `BATON_ERR_${string}`;
