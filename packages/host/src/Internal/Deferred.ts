/** A promise with its resolve function, for "when X has happened" waits. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;

  constructor() {
    let resolve!: (value: T) => void;
    this.promise = new Promise<T>((settle) => {
      resolve = settle;
    });
    this.resolve = resolve;
  }
}
