import { afterAll, beforeAll } from 'vitest';
import { apiSuite } from '../api-suite';
import { edgeStack, reportFailures, type Stack } from './stacks';

// The black-box API suite against the Workers host: `wrangler dev` on an sqld primary.
let stack: Stack;
beforeAll(async () => {
  stack = await edgeStack();
});
afterAll(() => stack?.stop());
reportFailures(() => stack);

apiSuite(() => stack.target);
