import type { Config } from '../env';

type Thresholds = Pick<Config, 'FLAG_VISIT_FAR_M' | 'FLAG_VISIT_ACCURACY_M'>;

/**
 * DESIGN 10's `visit_far` for one visit: recorded over FLAG_VISIT_FAR_M from the
 * outlet's location, or with an accuracy worse than FLAG_VISIT_ACCURACY_M. The outlet
 * list (worker/outlets) raises the flag from the same two thresholds, in SQL.
 */
export const isVisitFar = (
  visit: { distanceM: number | null; accuracyM: number },
  config: Thresholds,
): boolean =>
  visit.accuracyM > config.FLAG_VISIT_ACCURACY_M ||
  (visit.distanceM !== null && visit.distanceM > config.FLAG_VISIT_FAR_M);
