/** One signal that aborts when any of the defined `signals` aborts. */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  const defined = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return defined.length === 1 ? defined[0]! : AbortSignal.any(defined);
}
