/** The levels of the `@baton/core` Logger contract, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
