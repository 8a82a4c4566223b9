import type { Deps } from '../deps';
import { logOf } from '../log';

/** Where outgoing SMS go (DESIGN 5 receipts, DESIGN 6 replies): an adapter per provider. */
export interface SmsGateway {
  /** Sends `text` to `to` (E.164); resolves with the provider's message id, rejects when refused. */
  send(to: string, text: string): Promise<{ id: string }>;
}

export interface SentSms {
  id: string;
  to: string;
  text: string;
}

/** The provider refused a message (a bad number, no credit): it was not sent. */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
}

/**
 * The simulator (DESIGN 6's default): logs each message and keeps the last `keep` of
 * them in memory, so that tests and, with SEED_DEMO on, GET /dev/sms can read what was
 * sent. `refuses` names numbers it refuses, as a provider refuses a dead number.
 */
export class LoggingSmsGateway implements SmsGateway {
  readonly sent: SentSms[] = [];
  private count = 0;
  /**
   * Ids unique across instances too: sms_messages.provider_id is UNIQUE, and a restarted
   * host (or a second app on the same database) counting from 1 again could not record
   * its receipts.
   */
  private readonly run = crypto.randomUUID().slice(0, 8);

  constructor(
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly keep = 1_000,
    private readonly refuses: (to: string) => boolean = () => false,
  ) {}

  async send(to: string, text: string): Promise<{ id: string }> {
    if (this.refuses(to)) throw new SmsSendError(`sms simulator: ${to} does not exist`);
    this.count += 1;
    const message = { id: `sms-sim-${this.run}-${this.count}`, to, text };
    this.sent.push(message);
    if (this.sent.length > this.keep) this.sent.shift();
    this.log(`sms ${message.id} to ${to}: ${text}`);
    return { id: message.id };
  }
}

/** The logging adapter of each Deps built without one, made once per Deps. */
const fallbacks = new WeakMap<Deps, SmsGateway>();

/** The app's SMS gateway: `deps.sms`, or a logging simulator when the host set none. */
export function smsGatewayOf(deps: Deps): SmsGateway {
  if (deps.sms) return deps.sms;
  let gateway = fallbacks.get(deps);
  if (!gateway) {
    gateway = new LoggingSmsGateway((line) => logOf(deps).info(line));
    fallbacks.set(deps, gateway);
  }
  return gateway;
}
