/** A value bound to a statement's placeholder. */
export type SqlValue = string | number | boolean | null | readonly string[] | readonly number[];
