import { token } from '@baton/core';

/** Money set aside for restocking. One instance for the app (a singleton). */
export interface RestockBudget {
  /** Sets `amount` aside and returns the reservation's id; throws when the budget cannot cover it. */
  reserve(amount: number): string;
  /** Gives a reservation back (the compensation of {@link RestockBudget.reserve}). */
  release(reservationId: string): void;
  /** What is left to reserve. */
  readonly remaining: number;
}

/** DI token for {@link RestockBudget}. */
export const RestockBudget = token<RestockBudget>('@baton/example-shop/RestockBudget');
