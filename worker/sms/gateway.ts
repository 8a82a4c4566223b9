import type { Deps } from '../deps';
import { logOf } from '../log';

/** Where outgoing SMS go (DESIGN 5 receipts, DESIGN 6 replies): an adapter per provider. */
export interface SmsGateway {
  /** Sends `text` to `to` (E.164); resolves with the provider's message id. */
  send(to: string, text: string): Promise<{ id: string }>;
}

export interface SentSms {
  id: string;
  to: string;
  text: string;
}

/**
 * The simulator adapter until a real provider is wired: logs each message and keeps
 * the last `keep` of them in memory, so tests and the demo can see what was sent.
 */
export class LoggingSmsGateway implements SmsGateway {
  readonly sent: SentSms[] = [];
  private count = 0;

  constructor(
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly keep = 1_000,
  ) {}

  async send(to: string, text: string): Promise<{ id: string }> {
    this.count += 1;
    const message = { id: `sms-sim-${this.count}`, to, text };
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
