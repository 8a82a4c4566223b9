import {
  type CarrierGateway,
  type CarrierReportItem,
  CarrierTimeoutError,
  type ReverseOutcome,
  type TopupOutcome,
  type TopupRequest,
  type TopupStatus,
} from './gateway';
import { realSchedule, type Schedule } from './schedule';

export interface SimulatorOptions {
  /** How long a `904` top-up takes to complete. Default 3000. */
  slowMs?: number;
  /** Delay before every answer (a load profile). Default 0. */
  latencyMs?: number;
  /** Share (0..1) of ordinary top-ups answered `unavailable`. Default 0. */
  failureRate?: number;
  /** Default Math.random. */
  random?: () => number;
  /** Default: real timers that do not keep the process alive. */
  schedule?: Schedule;
  /** The operator's clock, which stamps each top-up for `report`. Default Date.now. */
  now?: () => number;
}

export type CreditStatus = 'succeeded' | 'processing' | 'reversed';

/** One top-up the simulated operator applied (or is applying) to a customer's line. */
export interface CreditRecord {
  saleId: string;
  msisdn: string;
  amount: number;
  status: CreditStatus;
}

type EntryState = CreditStatus | 'declined' | 'unavailable';

interface Entry {
  request: TopupRequest;
  carrierRef: string;
  state: EntryState;
  /** When the operator received it. */
  at: number;
  /** False when the operator applies the top-up but its answer is lost (suffix 902). */
  answers: boolean;
  /**
   * What becomes of a reversal (issue 14): `lost` applies it and loses the answer (906),
   * `dropped` loses the request on the way, so nothing is applied (907).
   */
  reversal: 'answers' | 'lost' | 'dropped';
  /** Settles once the state is final: a `904` completes after slowMs. */
  done: Promise<void>;
}

const DECLINED = 'invalid or barred number';
const UNAVAILABLE = 'operator unavailable';

/**
 * An operator's charging system in-process (DESIGN 4 "Carrier gateway"): the last three
 * digits of the customer number choose the behaviour, and every call is keyed by sale id.
 */
export class CarrierSimulator implements CarrierGateway {
  private readonly entries = new Map<string, Entry>();
  private readonly slowMs: number;
  private readonly latencyMs: number;
  private readonly failureRate: number;
  private readonly random: () => number;
  private readonly schedule: Schedule;
  private readonly now: () => number;
  private sequence = 0;

  constructor(options: SimulatorOptions = {}) {
    this.slowMs = nonNegative('slowMs', options.slowMs ?? 3_000);
    this.latencyMs = nonNegative('latencyMs', options.latencyMs ?? 0);
    this.failureRate = options.failureRate ?? 0;
    if (!(this.failureRate >= 0 && this.failureRate <= 1)) {
      throw new RangeError(`failureRate must be between 0 and 1, got ${this.failureRate}`);
    }
    this.random = options.random ?? Math.random;
    this.schedule = options.schedule ?? realSchedule;
    this.now = options.now ?? Date.now;
  }

  topup(request: TopupRequest, timeoutMs: number): Promise<TopupOutcome> {
    // Registered before any await, so a concurrent repeat of the sale id finds it.
    const entry = this.entries.get(request.saleId) ?? this.accept(request);
    if (!entry?.answers) return this.silence('top-up', timeoutMs);
    const answer = entry.done.then(() => this.delay(this.latencyMs)).then(() => outcomeOf(entry));
    return this.within(answer, 'top-up', timeoutMs);
  }

  status(saleId: string, timeoutMs: number): Promise<TopupStatus> {
    const answer = this.delay(this.latencyMs).then(() => statusOf(this.entries.get(saleId)));
    return this.within(answer, 'status', timeoutMs);
  }

  reverse(saleId: string, timeoutMs: number): Promise<ReverseOutcome> {
    const fate = this.entries.get(saleId)?.reversal;
    if (fate === 'dropped') return this.silence('reversal', timeoutMs);
    // Applied on arrival: like a real operator, a late answer does not undo the reversal.
    const outcome = this.applyReversal(saleId);
    if (fate === 'lost') return this.silence('reversal', timeoutMs);
    return this.within(
      this.delay(this.latencyMs).then(() => outcome),
      'reversal',
      timeoutMs,
    );
  }

  /** Every top-up received in [fromMs, toMs), from the operator's own record. */
  report(fromMs: number, toMs: number, timeoutMs: number): Promise<CarrierReportItem[]> {
    const items = [...this.entries.values()]
      .filter((e) => e.at >= fromMs && e.at < toMs)
      .map(({ request, state, at }) => ({
        saleId: request.saleId,
        amount: request.amount,
        status: state === 'declined' || state === 'unavailable' ? ('failed' as const) : state,
        at,
      }));
    return this.within(
      this.delay(this.latencyMs).then(() => items),
      'report',
      timeoutMs,
    );
  }

  /** What the operator credited, in the order the top-ups arrived. */
  credited(): CreditRecord[] {
    const records: CreditRecord[] = [];
    for (const { request, state } of this.entries.values()) {
      if (state === 'succeeded' || state === 'processing' || state === 'reversed') {
        const { saleId, msisdn, amount } = request;
        records.push({ saleId, msisdn, amount, status: state });
      }
    }
    return records;
  }

  /** Sum of succeeded credits in minor units: reversed and still-processing ones excluded. */
  creditedTotal(): number {
    return this.credited()
      .filter((record) => record.status === 'succeeded')
      .reduce((total, record) => total + record.amount, 0);
  }

  /** First sight of a sale id; undefined when the top-up is lost on the way (903). */
  private accept(request: TopupRequest): Entry | undefined {
    const suffix = request.msisdn.slice(-3);
    if (suffix === '903') return undefined;
    const entry: Entry = {
      request: { ...request },
      carrierRef: `SIM-${++this.sequence}`,
      state: 'succeeded',
      at: this.now(),
      answers: true,
      reversal: suffix === '906' ? 'lost' : suffix === '907' ? 'dropped' : 'answers',
      done: Promise.resolve(),
    };
    if (suffix === '901') entry.state = 'declined';
    else if (suffix === '902') entry.answers = false;
    else if (suffix === '905') entry.state = 'unavailable';
    else if (suffix === '904') {
      entry.state = 'processing';
      entry.done = this.delay(this.slowMs).then(() => {
        entry.state = 'succeeded';
      });
    } else if (this.random() < this.failureRate) entry.state = 'unavailable';
    this.entries.set(request.saleId, entry);
    return entry;
  }

  private applyReversal(saleId: string): ReverseOutcome {
    const entry = this.entries.get(saleId);
    if (!entry) return { status: 'refused', reason: 'no such top-up' };
    if (entry.state === 'succeeded') entry.state = 'reversed';
    if (entry.state === 'reversed') return { status: 'reversed' };
    if (entry.state === 'processing') return { status: 'refused', reason: 'still processing' };
    return { status: 'refused', reason: 'top-up failed' };
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.schedule(resolve, ms));
  }

  /** The answer, unless `timeoutMs` passes first. */
  private within<T>(answer: Promise<T>, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.schedule(() => reject(timeout(what, timeoutMs)), timeoutMs);
      answer.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }

  /** The operator never answers: the caller gives up after `timeoutMs`. */
  private silence(what: string, timeoutMs: number): Promise<never> {
    return new Promise((_, reject) => {
      this.schedule(() => reject(timeout(what, timeoutMs)), timeoutMs);
    });
  }
}

function outcomeOf(entry: Entry): TopupOutcome {
  if (entry.state === 'declined') return { status: 'declined', reason: DECLINED };
  if (entry.state === 'unavailable') return { status: 'unavailable', reason: UNAVAILABLE };
  // A replay after a reversal still answers what the top-up itself did.
  return { status: 'succeeded', carrierRef: entry.carrierRef };
}

function statusOf(entry: Entry | undefined): TopupStatus {
  if (!entry) return { status: 'not_found' };
  switch (entry.state) {
    case 'succeeded':
      return { status: 'succeeded', carrierRef: entry.carrierRef };
    case 'processing':
      return { status: 'processing' };
    case 'reversed':
      return { status: 'reversed' };
    case 'declined':
      return { status: 'failed', reason: DECLINED };
    case 'unavailable':
      return { status: 'failed', reason: UNAVAILABLE };
  }
}

function timeout(what: string, timeoutMs: number): CarrierTimeoutError {
  return new CarrierTimeoutError(
    `simulated carrier did not answer the ${what} within ${timeoutMs} ms`,
  );
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative number of ms, got ${value}`);
  }
  return value;
}
