import autocannon from 'autocannon';

/** A numeric setting from the environment (a bench knob), `fallback` when unset. */
export function knob(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number`);
  return value;
}

/** The demo retailer both benches sell as. */
export const RETAILER = { phone: '+254700000101', pin: '1357' };
/** Succeeds at once in the simulator (any suffix but 901-905). */
export const SALE = { msisdn: '0712345678', amount: 1_000 };

/** POST /api/v1/sales of SALE from `connections` connections for `seconds`, as `token`. */
export function saleLoad(
  url: string,
  token: string,
  { connections, seconds, keyPrefix }: { connections: number; seconds: number; keyPrefix: string },
) {
  let n = 0;
  return autocannon({
    url: `${url}/api/v1/sales`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(SALE),
    requests: [
      {
        // A fresh key per request: every request is a new sale, never a replay. (autocannon
        // calls setupRequest only inside `requests`, whatever its types say.)
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': `${keyPrefix}-${n++}` },
        }),
      },
    ],
  });
}
