import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ledgerCommands } from './ledger-commands';
import { initialModel, verifyWallets } from './ledger-model';
import { buildTemplate, openWorld, type Template } from './ledger-world';

/**
 * The foundation issue's model-based property: random sequences of sales (with repeated
 * keys, every carrier outcome), reconciliation runs (also two at once), reversals,
 * fundings and disputes (opened and resolved, issue 12), with DESIGN 3's invariants and the model checked after every step.
 * PROPERTY_RUNS raises the number of sequences (1,000 by default, as in CI).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1_000);
const MAX_COMMANDS = 16;

let template: Template;
beforeAll(async () => {
  template = await buildTemplate();
});
afterAll(() => template?.remove());

describe('the ledger under random sequences of sales, reconciliations, reversals, fundings and disputes', () => {
  it(
    'keeps every invariant after every step, and every balance the model expects',
    async () => {
      await fc.assert(
        fc.asyncProperty(ledgerCommands(MAX_COMMANDS), async (commands) => {
          const world = await openWorld(template);
          try {
            const model = initialModel();
            await fc.asyncModelRun(() => ({ model, real: world }), commands);
            await verifyWallets(model, world);
          } finally {
            await world.close();
          }
        }),
        { numRuns: RUNS },
      );
    },
    Math.max(60_000, RUNS * 200),
  );
});
