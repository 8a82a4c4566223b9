import { afterEach, describe, expect, it, vi } from 'vitest';
import { CarrierTimeoutError, type TopupRequest } from './gateway';
import { manualTimer } from './manual-timer';
import { realSchedule } from './schedule';
import { CarrierSimulator, type SimulatorOptions } from './simulator';

const TIMEOUT = 200;

function request(saleId: string, suffix: string, amount = 1_000): TopupRequest {
  return { saleId, msisdn: `+254712345${suffix}`, amount, currency: 'KES', operator: 'safaricom' };
}

function setup(options: SimulatorOptions = {}) {
  const clock = manualTimer();
  const sim = new CarrierSimulator({ schedule: clock.schedule, ...options });
  return { clock, sim };
}

/** The promise's value or its rejection, so a rejection is handled before time moves. */
const settled = <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

describe('CarrierSimulator top-ups by number suffix', () => {
  it('credits any other number at once and later reports it succeeded', async () => {
    const { sim } = setup();
    const outcome = await sim.topup(request('s1', '123'), TIMEOUT);
    expect(outcome).toEqual({ status: 'succeeded', carrierRef: expect.any(String) });
    expect(await sim.status('s1', TIMEOUT)).toEqual(outcome);
    expect(sim.credited()).toEqual([
      { saleId: 's1', msisdn: '+254712345123', amount: 1_000, status: 'succeeded' },
    ]);
  });

  it('901 declines an invalid or barred number, credits nothing and later reports failed', async () => {
    const { sim } = setup();
    expect(await sim.topup(request('s1', '901'), TIMEOUT)).toEqual({
      status: 'declined',
      reason: 'invalid or barred number',
    });
    expect(await sim.status('s1', TIMEOUT)).toMatchObject({ status: 'failed' });
    expect(sim.credited()).toEqual([]);
  });

  it('902 applies the top-up but never answers, then reports succeeded', async () => {
    const { clock, sim } = setup();
    const answer = settled(sim.topup(request('s1', '902'), TIMEOUT));
    await clock.advance(TIMEOUT - 1);
    expect(sim.credited()).toMatchObject([{ saleId: 's1', status: 'succeeded' }]);
    await clock.advance(1);
    expect(await answer).toBeInstanceOf(CarrierTimeoutError);
    expect(await sim.status('s1', TIMEOUT)).toEqual({
      status: 'succeeded',
      carrierRef: expect.any(String),
    });
  });

  it('903 never answers and never credits, then reports not_found', async () => {
    const { clock, sim } = setup();
    const answer = settled(sim.topup(request('s1', '903'), TIMEOUT));
    await clock.advance(TIMEOUT);
    expect(await answer).toBeInstanceOf(CarrierTimeoutError);
    expect(await sim.status('s1', TIMEOUT)).toEqual({ status: 'not_found' });
    expect(sim.credited()).toEqual([]);
  });

  it('904 succeeds after slowMs and reports processing until then', async () => {
    const { clock, sim } = setup({ slowMs: 3_000 });
    const answer = settled(sim.topup(request('s1', '904'), 5_000));
    await clock.advance(2_999);
    expect(await sim.status('s1', TIMEOUT)).toEqual({ status: 'processing' });
    expect(sim.credited()).toMatchObject([{ status: 'processing' }]);
    expect(sim.creditedTotal()).toBe(0);
    await clock.advance(1);
    expect(await answer).toEqual({ status: 'succeeded', carrierRef: expect.any(String) });
    expect(await sim.status('s1', TIMEOUT)).toMatchObject({ status: 'succeeded' });
    expect(sim.creditedTotal()).toBe(1_000);
  });

  it('904 times out when timeoutMs < slowMs, yet the credit still completes at slowMs', async () => {
    const { clock, sim } = setup({ slowMs: 3_000 });
    const answer = settled(sim.topup(request('s1', '904'), TIMEOUT));
    await clock.advance(TIMEOUT);
    expect(await answer).toBeInstanceOf(CarrierTimeoutError);
    expect(await sim.status('s1', TIMEOUT)).toEqual({ status: 'processing' });
    await clock.advance(3_000 - TIMEOUT);
    expect(await sim.status('s1', TIMEOUT)).toMatchObject({ status: 'succeeded' });
  });

  it('905 answers unavailable, credits nothing and later reports failed', async () => {
    const { sim } = setup();
    expect(await sim.topup(request('s1', '905'), TIMEOUT)).toEqual({
      status: 'unavailable',
      reason: 'operator unavailable',
    });
    expect(await sim.status('s1', TIMEOUT)).toMatchObject({ status: 'failed' });
    expect(sim.credited()).toEqual([]);
  });

  it('answers unavailable to the share of ordinary top-ups set by failureRate', async () => {
    const draws = [0.2, 0.7];
    const { sim } = setup({ failureRate: 0.5, random: () => draws.shift() ?? 0 });
    expect(await sim.topup(request('s1', '123'), TIMEOUT)).toMatchObject({ status: 'unavailable' });
    expect(await sim.topup(request('s2', '123'), TIMEOUT)).toMatchObject({ status: 'succeeded' });
    expect(await sim.status('s1', TIMEOUT)).toMatchObject({ status: 'failed' });
  });

  it('answers after latencyMs, and past the timeout keeps the credit it applied', async () => {
    const { clock, sim } = setup({ latencyMs: 300 });
    const quick = settled(sim.topup(request('s1', '123'), 1_000));
    const late = settled(sim.topup(request('s2', '123'), TIMEOUT));
    await clock.advance(300);
    expect(await quick).toMatchObject({ status: 'succeeded' });
    expect(await late).toBeInstanceOf(CarrierTimeoutError);
    expect(sim.creditedTotal()).toBe(2_000);
  });

  it('refuses options out of range', () => {
    expect(() => new CarrierSimulator({ failureRate: 1.5 })).toThrow(RangeError);
    expect(() => new CarrierSimulator({ slowMs: -1 })).toThrow(RangeError);
  });
});

describe('CarrierSimulator idempotency by sale id', () => {
  it('returns the first outcome for a repeated sale id and credits once', async () => {
    const { sim } = setup();
    const first = await sim.topup(request('s1', '123'), TIMEOUT);
    const again = await sim.topup(request('s1', '123', 5_000), TIMEOUT);
    expect(again).toEqual(first);
    expect(sim.credited()).toHaveLength(1);
    expect(sim.creditedTotal()).toBe(1_000);
  });

  it('credits once when the same sale id arrives twice at the same time', async () => {
    const { clock, sim } = setup({ slowMs: 3_000 });
    const answers = Promise.all([
      sim.topup(request('s1', '904'), 5_000),
      sim.topup(request('s1', '904'), 5_000),
    ]);
    await clock.advance(3_000);
    const [a, b] = await answers;
    expect(a).toEqual(b);
    expect(sim.creditedTotal()).toBe(1_000);
  });

  it('does not credit a repeated 902 again and still never answers', async () => {
    const { clock, sim } = setup();
    const answers = [
      settled(sim.topup(request('s1', '902'), TIMEOUT)),
      settled(sim.topup(request('s1', '902'), TIMEOUT)),
    ];
    await clock.advance(TIMEOUT);
    for (const answer of answers) expect(await answer).toBeInstanceOf(CarrierTimeoutError);
    expect(sim.credited()).toHaveLength(1);
  });

  it('repeats a decline for a repeated 901', async () => {
    const { sim } = setup();
    await sim.topup(request('s1', '901'), TIMEOUT);
    expect(await sim.topup(request('s1', '901'), TIMEOUT)).toMatchObject({ status: 'declined' });
  });
});

describe('CarrierSimulator reversal and its credit record', () => {
  it('reverses a succeeded top-up and takes its credit back from the record', async () => {
    const { sim } = setup();
    await sim.topup(request('s1', '123', 1_000), TIMEOUT);
    await sim.topup(request('s2', '456', 2_500), TIMEOUT);
    expect(sim.creditedTotal()).toBe(3_500);
    expect(await sim.reverse('s1', TIMEOUT)).toEqual({ status: 'reversed' });
    expect(await sim.status('s1', TIMEOUT)).toEqual({ status: 'reversed' });
    expect(sim.credited().map((r) => [r.saleId, r.status])).toEqual([
      ['s1', 'reversed'],
      ['s2', 'succeeded'],
    ]);
    expect(sim.creditedTotal()).toBe(2_500);
  });

  it('answers reversed again when reversing twice', async () => {
    const { sim } = setup();
    await sim.topup(request('s1', '123'), TIMEOUT);
    await sim.reverse('s1', TIMEOUT);
    expect(await sim.reverse('s1', TIMEOUT)).toEqual({ status: 'reversed' });
    expect(sim.creditedTotal()).toBe(0);
  });

  it('refuses to reverse an unknown, failed or still-processing top-up', async () => {
    const { sim } = setup();
    await sim.topup(request('declined', '901'), TIMEOUT);
    await sim.topup(request('unavailable', '905'), TIMEOUT);
    void settled(sim.topup(request('slow', '904'), TIMEOUT));
    for (const saleId of ['unknown', 'declined', 'unavailable', 'slow']) {
      expect(await sim.reverse(saleId, TIMEOUT)).toEqual({
        status: 'refused',
        reason: expect.any(String),
      });
    }
    expect(await sim.status('slow', TIMEOUT)).toEqual({ status: 'processing' });
  });
});

describe('realSchedule', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('times out a silent carrier on the real clock', async () => {
    const sim = new CarrierSimulator();
    await expect(sim.topup(request('s1', '903'), 10)).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('accepts the numeric timer handles of Workers', () => {
    const clear = vi.fn();
    vi.stubGlobal('setTimeout', () => 7);
    vi.stubGlobal('clearTimeout', clear);
    const cancel = realSchedule(() => {}, 10);
    cancel();
    expect(clear).toHaveBeenCalledWith(7);
  });
});
