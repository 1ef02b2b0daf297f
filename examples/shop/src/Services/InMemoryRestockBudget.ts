import type { RestockBudget } from '../Interfaces/RestockBudget.js';

/** {@link RestockBudget} in memory: a fixed amount, reservations kept by id. Registered as a singleton. */
export class InMemoryRestockBudget implements RestockBudget {
  readonly #reservations = new Map<string, number>();
  #remaining: number;
  #next = 0;

  constructor(total = 10_000) {
    this.#remaining = total;
  }

  get remaining(): number {
    return this.#remaining;
  }

  reserve(amount: number): string {
    if (amount > this.#remaining) throw new Error(`The restock budget cannot cover ${amount}; ${this.#remaining} is left.`);
    const id = `R-${++this.#next}`;
    this.#reservations.set(id, amount);
    this.#remaining -= amount;
    return id;
  }

  release(reservationId: string): void {
    const amount = this.#reservations.get(reservationId);
    if (amount === undefined) return;
    this.#reservations.delete(reservationId);
    this.#remaining += amount;
  }
}
