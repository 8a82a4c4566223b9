import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One scenario's figures, as `npm run chaos` prints and records them (issue 6). */
export interface ChaosReport {
  scenario: string;
  /** The figures, in the order they are printed: [name, value]. */
  figures: Array<[string, string | number]>;
  /** Invariant violations the checker found, in words; empty when sound. */
  violations: string[];
}

export const REPORT_FILE = join(import.meta.dirname, '..', '..', 'docs', 'chaos.md');

const machine = () =>
  `${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;

/** Prints a report and appends it to docs/chaos.md with the machine, the date and the command. */
export function recordReport(report: ChaosReport, command: string): void {
  const lines = [
    `## ${report.scenario}`,
    '',
    `${new Date().toISOString()} · \`${command}\` · ${machine()}`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...report.figures.map(
      ([name, value]) =>
        `| ${name} | ${typeof value === 'number' ? value.toLocaleString('en') : value} |`,
    ),
    `| invariant violations | ${report.violations.length === 0 ? 'none' : report.violations.length} |`,
    ...report.violations.slice(0, 20).map((v) => `| violation | ${v} |`),
    '',
  ];
  console.log(lines.join('\n'));
  if (!existsSync(REPORT_FILE)) {
    writeFileSync(
      REPORT_FILE,
      '# Chaos runs\n\nAppended by `npm run chaos` (test/chaos/). Newest last.\n\n',
    );
  }
  appendFileSync(REPORT_FILE, `${lines.join('\n')}\n`);
}
