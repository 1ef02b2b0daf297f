import { BackgroundService, Clock, Logger } from '@baton/core';
import { Inventory } from '../Interfaces/Inventory.js';
import { ShopOptions } from '../Interfaces/ShopOptions.js';

/**
 * Every `lowStockCheckIntervalMs`, looks at the shelf and warns once when a SKU drops below the threshold
 * (and once more when it recovers). Waits on the Clock from DI, so a test can move time itself.
 */
export class LowStockMonitor extends BackgroundService {
  static readonly inject = [Inventory, ShopOptions, Clock, Logger] as const;

  readonly #low = new Set<string>();
  readonly #log: Logger;

  constructor(
    private readonly inventory: Inventory,
    private readonly options: ShopOptions,
    private readonly clock: Clock,
    log: Logger,
  ) {
    super();
    this.#log = log.child({ service: 'LowStockMonitor' });
  }

  protected async execute(signal: AbortSignal): Promise<void> {
    this.#log.info('Watching stock', { everyMs: this.options.lowStockCheckIntervalMs, threshold: this.options.lowStockThreshold });
    // sleep() resolves false when the host stops: the loop ends and execute returns.
    do {
      this.#check();
    } while (await this.clock.sleep(this.options.lowStockCheckIntervalMs, signal));
    this.#log.info('Stopped watching stock');
  }

  #check(): void {
    for (const { sku, quantity } of this.inventory.list()) {
      const low = quantity < this.options.lowStockThreshold;
      if (low && !this.#low.has(sku)) {
        this.#low.add(sku);
        this.#log.warn('Low stock', { sku, quantity });
      } else if (!low && this.#low.delete(sku)) {
        this.#log.info('Stock recovered', { sku, quantity });
      }
    }
  }
}
