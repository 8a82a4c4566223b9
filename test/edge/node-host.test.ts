import { afterAll, beforeAll } from 'vitest';
import { apiSuite } from '../api-suite';
import { nodeStack, reportFailures, type Stack } from './stacks';

// The black-box API suite against the Node host (worker/node.ts, embedded libSQL).
let stack: Stack;
beforeAll(async () => {
  stack = await nodeStack();
});
afterAll(() => stack?.stop());
reportFailures(() => stack);

apiSuite(() => stack.target);
