/** Plain data, no zod: the console imports it into its bundle. */
/** DESIGN 10's flags, in its table's order (worker/flags/rules.ts computes them). */
export const FLAG_CODES = [
  'repeat_number',
  'sales_spike',
  'high_failure_rate',
  'night_sales',
  'dormant',
  'not_seen',
  'low_float',
  'stuck_sales',
  'pin_lockouts',
  'many_disputes',
  'visit_far',
  'visit_overdue',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
