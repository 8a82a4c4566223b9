import { type ChaosReport, recordReport } from './report';

/**
 * `npm run chaos [name ...]`: the long runs of issue 6, one after another, each
 * printing its figures and appending them to docs/chaos.md. Short versions of the same
 * scenarios run in `npm test` (test/chaos/*.test.ts) with the same checker.
 */
export interface Scenario {
  name: string;
  run(): Promise<ChaosReport>;
}

/** Each scenario module adds itself here, one line each. */
const scenarios: Array<() => Promise<Scenario>> = [
  () => import('./soak').then((m) => m.scenario),
  () => import('./soak-heap').then((m) => m.scenario),
  () => import('./growth').then((m) => m.scenario),
  () => import('./offline-drain').then((m) => m.scenario),
  () => import('./duplicates').then((m) => m.scenario),
  () => import('./reconciliation').then((m) => m.scenario),
  () => import('./crash').then((m) => m.scenario),
  () => import('./carrier-faults').then((m) => m.scenario),
];

const wanted = new Set(process.argv.slice(2));
let failed = false;
for (const load of scenarios) {
  const scenario = await load();
  if (wanted.size > 0 && !wanted.has(scenario.name)) continue;
  const report = await scenario.run();
  recordReport(report, `npm run chaos ${scenario.name}`);
  if (report.violations.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
