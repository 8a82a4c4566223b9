import type { Client } from '@libsql/client';
import type { Db } from '../db/client';
import type { CarrierGateway } from './carrier/gateway';
import type { Config } from './env';
import type { Writer } from './ledger/writer';
import type { Logger } from './log';
import type { SmsGateway } from './sms/gateway';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Test-only points where the crash tests kill the process (CRASH_AT). */
export interface SaleHooks {
  afterHold?(): void;
  afterCarrier?(): void;
}

/**
 * What the app is built from (DESIGN 2): each host builds these and hands them to
 * `createApp`. Nothing in the app reads the environment or opens a database itself.
 */
export interface Deps {
  db: Db;
  /** Raw reads on the same database as `db`. */
  client: Client;
  writer: Writer;
  carrier: CarrierGateway;
  clock: Clock;
  config: Config;
  /** Keys whose first request is being written in this process (DESIGN 4: answer 409). */
  inflight: Set<string>;
  /** Work that goes on after the response (the carrier call past the wait): waitUntil on Workers. */
  background(work: Promise<unknown>): void;
  /** Signs and checks access tokens. */
  jwtSecret: string;
  /** Keys the audit chain and signs its checkpoint (issue 14); unkeyed chain when absent. */
  auditKey?: string;
  hooks?: SaleHooks;
  /** Outgoing SMS (receipts); a logging simulator when absent (worker/sms/gateway.ts). */
  sms?: SmsGateway;
  /** One JSON object a line (worker/log.ts); to the console when absent. */
  log?: Logger;
}
