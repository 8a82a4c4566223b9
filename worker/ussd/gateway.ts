import type { Reply } from './screen';

/**
 * A USSD gateway's request, whatever its wire format (issue 10): an adapter turns its
 * callback into this and the reply back into its answer, so a new gateway is one file
 * (./africastalking.ts is the one DESIGN 6 names).
 */
export interface UssdRequest {
  gateway: string;
  sessionId: string;
  /** The outlet's phone, as the gateway sends it. */
  msisdn: string;
  network: string;
  /** The newest input, as far as the gateway tells it ('' on the first request). */
  input: string;
  isNew: boolean;
  /**
   * Every input of the session joined by `*`, for gateways that send it (Africa's
   * Talking's `text`). Then the newest input is found against the stored session, not
   * by splitting on `*`, which may be part of an input.
   */
  path?: string;
}

export interface UssdAdapter<In, Out> {
  name: string;
  /** The normalised request; the route has validated `body` against its schema. */
  request(body: In): UssdRequest;
  /** The gateway's answer for a reply. */
  reply(reply: Reply): Out;
}
