import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { random } from './seed';

/**
 * Sales load that behaves like the PWA's outbox (DESIGN 5, issue 6): each client holds
 * one sale at a time under its idempotency key and resends it with the same key on a
 * network error, a 5xx or a 409 until it has a definitive answer. Shared by the crash
 * and carrier-fault chaos scenarios (sales-run.ts has the rest of what they share).
 */

export interface Order {
  key: string;
  /** Index into the session's retailers. */
  retailer: number;
  /** E.164, as the server stores it. */
  msisdn: string;
  amount: number;
}

export interface Ack {
  order: Order;
  saleId: string;
  /** The sale's status in the 201 answer (pending or unknown are not final yet). */
  status: string;
  replayed: boolean;
}

export interface Rejection {
  order: Order;
  status: number;
  code: string;
}

const saleAnswer = z.object({ id: z.string(), status: z.string() });
const errorAnswer = z.object({ error: z.object({ code: z.string() }) });

export interface LoadOptions {
  clients: number;
  /** Where the host is now: read before every send, since a restarted host has a new port. */
  base: () => string;
  tokens: readonly string[];
  next: (client: number, n: number) => Order;
}

export class OutboxLoad {
  readonly acks = new Map<string, Ack>();
  readonly rejections: Rejection[] = [];
  sends = 0;
  resends = 0;
  networkErrors = 0;
  serverErrors = 0;
  conflicts = 0;
  private stopping = false;
  private aborted = false;
  private loops: Array<Promise<void>> = [];
  private readonly events = new EventEmitter();

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.loops = Array.from({ length: this.options.clients }, (_, client) => this.client(client));
  }

  /** Takes no new sales, and resolves once every client has an answer for the one it holds. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  /** Gives up at once, answered or not: the teardown after a failure. */
  abort(): void {
    this.stopping = true;
    this.aborted = true;
  }

  /** Resolves once `count` sales have been acknowledged in all; rejects after `deadlineMs`. */
  async acked(count: number, deadlineMs = 120_000): Promise<void> {
    const deadline = AbortSignal.timeout(deadlineMs);
    while (this.acks.size < count) {
      await once(this.events, 'ack', { signal: deadline }).catch(() => {
        throw new Error(
          `${this.acks.size} of ${count} sales acknowledged after ${deadlineMs} ms (${this.rejections.length} rejected)`,
        );
      });
    }
  }

  private async client(client: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) await this.deliver(this.options.next(client, n));
  }

  private async deliver(order: Order): Promise<void> {
    const body = JSON.stringify({ msisdn: order.msisdn, amount: order.amount });
    const headers = {
      authorization: `Bearer ${this.options.tokens[order.retailer]}`,
      'content-type': 'application/json',
      'idempotency-key': order.key,
    };
    let backoff = 10;
    for (let attempt = 0; !this.aborted; attempt++) {
      if (attempt > 0) {
        this.resends++;
        await sleep(backoff * (0.5 + random()));
        backoff = Math.min(backoff * 2, 500);
      }
      this.sends++;
      let status: number;
      let replayed: boolean;
      let answer: unknown;
      try {
        const res = await fetch(`${this.options.base()}/api/v1/sales`, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        replayed = res.headers.get('idempotent-replayed') === 'true';
        answer = await res.json();
      } catch {
        // Refused, reset, cut off mid-answer or timed out: the outbox cannot know, so it resends.
        this.networkErrors++;
        continue;
      }
      if (status >= 500) this.serverErrors++;
      else if (status === 409) this.conflicts++;
      else if (status === 201) {
        const sale = saleAnswer.safeParse(answer);
        if (!sale.success) {
          this.rejections.push({ order, status, code: 'unreadable_sale' });
          return;
        }
        this.acks.set(order.key, {
          order,
          saleId: sale.data.id,
          status: sale.data.status,
          replayed,
        });
        this.events.emit('ack');
        return;
      } else {
        const code = errorAnswer.safeParse(answer).data?.error.code ?? 'unreadable_error';
        this.rejections.push({ order, status, code });
        return;
      }
    }
  }
}

/** Teardown steps run newest first, each once, also when the run failed or timed out. */
export class Teardown {
  private steps: Array<() => unknown> = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        console.error('teardown step failed', error);
      }
    }
  }
}
