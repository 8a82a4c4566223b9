/**
 * npm run audit:verify: checks the audit log's hash chain of DATABASE_URL. Exit code 0
 * when intact, 1 when broken (the first broken entry is named), 2 when it cannot check.
 */
import { auditVerify } from '../worker/audit/verify-command';
import { nodeConfig } from '../worker/env';

try {
  const { exitCode, message } = await auditVerify(nodeConfig());
  if (exitCode === 2) console.error(message);
  else console.log(message);
  process.exitCode = exitCode;
} catch (error) {
  console.error(`audit log: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
