// Scope overhead: create scope → resolve 3 scoped services (A depends on B and C) → dispose.
// Baton vs raw inversify with a child container per scope vs the floor (a Map per scope and hand-written `new`).
// Usage: node cases/scope.mjs <baton|baton-decorated|inversify|floor> [iterations]  → prints one JSON line {opsPerSec}.
import 'reflect-metadata';

const impl = process.argv[2] ?? 'baton';
const iterations = Number(process.argv[3] ?? 200_000);

class B {
  dispose() {}
}
class C {
  dispose() {}
}
class A {
  constructor(b, c) {
    this.b = b;
    this.c = c;
  }
  dispose() {}
}

async function makeBaton(decorated) {
  const { ServiceCollection, inject, injectable, token } = await import('@baton/core');
  const TA = token('bench/A');
  const TB = token('bench/B');
  const TC = token('bench/C');
  let Type = A;
  if (decorated) {
    // What `@injectable() class A { constructor(@inject(TB) b, @inject(TC) c) }` compiles to.
    Type = class DecoratedA extends A {};
    inject(TB)(Type, undefined, 0);
    inject(TC)(Type, undefined, 1);
    injectable()(Type);
  } else {
    A.inject = [TB, TC];
  }
  const provider = new ServiceCollection().addScoped(TB, B).addScoped(TC, C).addScoped(TA, Type).buildServiceProvider();
  provider.validate();
  return async () => {
    const scope = provider.createScope();
    scope.get(TA);
    await scope.dispose();
  };
}

async function makeInversify() {
  const { Container } = await import('inversify');
  const root = new Container();
  const TA = Symbol('A');
  const TB = Symbol('B');
  const TC = Symbol('C');
  return async () => {
    const child = new Container({ parent: root });
    child.bind(TB).to(B).inSingletonScope();
    child.bind(TC).to(C).inSingletonScope();
    child
      .bind(TA)
      .toDynamicValue((ctx) => new A(ctx.get(TB), ctx.get(TC)))
      .inSingletonScope();
    const a = child.get(TA);
    // Disposal is ours with inversify too: reverse order of creation.
    a.dispose();
    a.c.dispose();
    a.b.dispose();
  };
}

async function makeFloor() {
  return async () => {
    const scope = new Map();
    const b = new B();
    scope.set('B', b);
    const c = new C();
    scope.set('C', c);
    const a = new A(b, c);
    scope.set('A', a);
    const owned = [b, c, a];
    for (let i = owned.length - 1; i >= 0; i--) await owned[i].dispose();
  };
}

const run = await (impl === 'baton' ? makeBaton(false) : impl === 'baton-decorated' ? makeBaton(true) : impl === 'inversify' ? makeInversify() : makeFloor());
// Warm-up, then measure. Yield every 1,000 iterations: inversify tracks child containers by WeakRef.
for (let i = 0; i < Math.min(20_000, iterations); i++) await run();
const started = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) {
  await run();
  if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ case: 'scope', impl, iterations, opsPerSec: iterations / seconds }) + '\n');
