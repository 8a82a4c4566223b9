import type { Role } from '../db/schema';

/** Where a request came from (DESIGN 6): one wallet behind the app, USSD and SMS. */
export const CHANNELS = ['app', 'ussd', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Who calls a service, passed as a value from the edge (STYLE "Arrows point down"): the
 * routes build it from the token, the USSD and SMS layers from the outlet's phone, so
 * every audit entry carries the channel the request really came by.
 */
export interface Caller {
  id: string;
  role: Role;
  channel: Channel;
}
