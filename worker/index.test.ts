import { describe, expect, it } from 'vitest';
import { HttpCarrierGateway } from './carrier/http';
import { ReloadlyGateway } from './carrier/reloadly';
import { buildIsolate } from './index';

/** Issue 14 item 5: the Workers host takes its carrier from the same selector as the Node host. */
const base = {
  DATABASE_URL: 'http://127.0.0.1:1',
  JWT_SECRET: 'workers-test-secret-at-least-32-characters',
};

describe('the Workers host’s carrier', () => {
  it('is Reloadly when CARRIER=reloadly, without a CARRIER_URL', () => {
    const { deps } = buildIsolate({
      ...base,
      CARRIER: 'reloadly',
      RELOADLY_CLIENT_ID: 'id',
      RELOADLY_CLIENT_SECRET: 'secret',
    });
    expect(deps.carrier).toBeInstanceOf(ReloadlyGateway);
  });

  it('is Reloadly even when a CARRIER_URL is also set', () => {
    const { deps } = buildIsolate({
      ...base,
      CARRIER: 'reloadly',
      CARRIER_URL: 'http://127.0.0.1:2',
      RELOADLY_CLIENT_ID: 'id',
      RELOADLY_CLIENT_SECRET: 'secret',
    });
    expect(deps.carrier).toBeInstanceOf(ReloadlyGateway);
  });

  it('is the simulator service over HTTP by default', () => {
    const { deps } = buildIsolate({ ...base, CARRIER_URL: 'http://127.0.0.1:2' });
    expect(deps.carrier).toBeInstanceOf(HttpCarrierGateway);
  });

  it('refuses to start with no carrier it can reach', () => {
    expect(() => buildIsolate(base)).toThrow(/CARRIER_URL is required/);
  });
});
