import { afterAll, beforeAll } from 'vitest';
import { apiSuite } from '../api-suite';
import { edgeStack, reportFailures, type Stack } from './stacks';

/**
 * The black-box API suite once more with the Worker on an sqld replica: reads are the
 * replica's, writes are forwarded to the primary (another sqld process) and come back
 * wrapped as PROXY_ERROR when a constraint refuses them. The ledger is checked on the
 * primary.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await edgeStack({ replica: true });
});
afterAll(() => stack?.stop());
reportFailures(() => stack);

apiSuite(() => stack.target);
