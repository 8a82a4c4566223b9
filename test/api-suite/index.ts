import { channelLedgerTests } from './channels';
import { concurrencyTests } from './concurrency';
import { requestTests } from './requests';
import { settlementTests } from './settlement';
import { smsTests } from './sms';
import { stockTests } from './stock';
import type { Target } from './target';
import { ussdTests } from './ussd';

export { CARRIER_SLOW_MS, SUITE_ENV, type Target } from './target';

/**
 * The black-box API suite (issue 5), written once against a base URL and a way to run
 * reconciliation, and run against every host: test/edge/*.test.ts. `target` is read
 * when the tests run (their files start the host in beforeAll). The USSD and SMS
 * channels (issue 10) and stock requests (issue 11) run before the concurrency tests,
 * whose final ledger check then covers their sales and transfers too.
 */
export function apiSuite(target: () => Target) {
  requestTests(target);
  settlementTests(target);
  ussdTests(target);
  smsTests(target);
  channelLedgerTests(target);
  stockTests(target);
  concurrencyTests(target);
}
