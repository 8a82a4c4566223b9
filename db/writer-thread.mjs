// The writer thread's entry (issue 13). A worker thread does not inherit the tsx loader
// of its host (`tsx worker/node.ts`, `node --import tsx`, vitest), and Node 20 does not
// run `--import` in a worker's execArgv, so it registers tsx itself, then loads the
// TypeScript thread.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
