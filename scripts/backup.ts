/**
 * npm run backup -- <file>: a consistent copy of DATABASE_URL's embedded database while
 * the host serves (db/backup.ts). Exit code 0 when written and sound, 1 when the copy's
 * ledger check fails, 2 when no copy could be made. Restore: README, "Running it for real".
 */
import { backupDatabase } from '../db/backup';
import { nodeConfig } from '../worker/env';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run backup -- <file>');
  process.exit(2);
}
try {
  const r = await backupDatabase(nodeConfig().DATABASE_URL, target);
  const summary = `${r.sales} sales, ${r.transfers} transfers, ${r.auditEntries} audit entries`;
  if (r.violations.length > 0) {
    console.error(`backup: wrote ${r.file} (${summary}) but its ledger check fails:`);
    for (const v of r.violations) console.error(`  ${v}`);
    process.exitCode = 1;
  } else console.log(`backup: wrote ${r.file} in ${r.ms} ms (${summary}; ledger check passed)`);
} catch (error) {
  console.error(`backup: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
