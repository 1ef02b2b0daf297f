// The benchmark cases. Each case runs every implementation in its own process, alternately, and reads one JSON
// line from it. `metrics` name the fields to compare; `higherIsBetter` decides the direction of the target.
export const cases = [
  {
    name: 'scope',
    title: 'Scope overhead: create scope, resolve 3 scoped (one depends on the other two), dispose',
    script: 'cases/scope.mjs',
    impls: ['baton', 'baton-decorated', 'inversify', 'floor'],
    baseline: ['baton', 'baton-decorated'],
    args: (quick) => [quick ? '50000' : '300000'],
    metrics: [{ field: 'opsPerSec', unit: 'scopes/s', higherIsBetter: true }],
  },
];
