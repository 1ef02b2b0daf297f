/** The expanded fields of a cron expression, as node-cron's `validateDetailed()` returns them. */
export interface CronFieldValues {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly (number | string)[];
  readonly month: readonly number[];
  readonly dayOfWeek: readonly (number | string)[];
}
