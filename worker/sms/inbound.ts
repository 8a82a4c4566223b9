import { parseAmount } from '../../core/money';
import {
  balance,
  callerOf,
  channelSale,
  channelStockRequest,
  checkPin,
  clockTime,
  lastSales,
  type Outlet,
  outletByPhone,
  today,
} from '../channel/service';
import { money, numberTail, refTail, TEXTS, type Texts, textsFor } from '../channel/texts';
import type { Deps } from '../deps';
import { channelDispute, saleByRefTail } from '../disputes/channel';
import { disputeTextsFor } from '../disputes/texts';
import { type Command, type HelpTopic, parseCommand } from './commands';
import { sendReply } from './outbox';

export interface InboundSms {
  id: string;
  from: string;
  text: string;
}

/**
 * An incoming SMS command (DESIGN 6): the sender's outlet, its PIN through the same
 * lockout as the app, then the same services. The reply goes back by SMS; the PIN is
 * never in it and never logged. A sale's Idempotency-Key is `sms:<id>`, so the
 * gateway's resend of one message makes one sale. A sale that ends within the wait is
 * answered by its receipt (the outbox), one that does not by a "pending" reply.
 */
export async function handleInboundSms(deps: Deps, sms: InboundSms): Promise<void> {
  const outlet = await outletByPhone(deps, sms.from);
  if (!outlet) return sendReply(deps, sms.from, TEXTS.en.notOutlet);
  const t = textsFor(outlet.locale);
  const reply = await answer(deps, outlet, sms, parseCommand(sms.text), t);
  if (reply) await sendReply(deps, outlet.phone ?? sms.from, reply);
}

async function answer(
  deps: Deps,
  outlet: Outlet,
  sms: InboundSms,
  command: Command,
  t: Texts,
): Promise<string | undefined> {
  const d = disputeTextsFor(outlet.locale);
  const helpOn = (about: HelpTopic) =>
    about === 'stock' ? t.stock.help : about === 'dispute' ? d.smsHelp : t.smsHelp[about];
  if (command.kind === 'help') return command.about ? helpOn(command.about) : t.help;
  const pin = await checkPin(deps, outlet, command.pin, 'sms');
  if (!pin.ok) {
    return pin.lockedUntil !== undefined
      ? t.locked(await clockTime(deps, outlet, pin.lockedUntil))
      : `${t.wrongPin} ${helpOn(command.kind)}`;
  }
  const currency = deps.config.CURRENCY;
  const m = (amount: number) => money(amount, currency);
  switch (command.kind) {
    case 'bal': {
      const w = await balance(deps, outlet);
      return t.balance(m(w.available), m(w.held), m(w.commission)).replace(/\n/g, ', ');
    }
    case 'comm': {
      const d = await today(deps, outlet);
      return t.today(d.count, m(d.total), m(d.commission)).replace(/\n/g, ', ');
    }
    case 'last': {
      const list = await lastSales(deps, outlet);
      if (list.length === 0) return t.noSales;
      const lines = list.map(
        (s) => `${refTail(s.id)} ${numberTail(s.msisdn)} ${m(s.amount)} ${t.status[s.status]}`,
      );
      return `${t.last} ${lines.join('; ')}`;
    }
    case 'stock': {
      const amount = parseAmount(command.amount, currency);
      if (amount === undefined || amount <= 0) return `${t.badAmount} ${t.stock.help}`;
      const result = await channelStockRequest(
        deps,
        callerOf(outlet, 'sms'),
        `sms:${sms.id}`,
        amount,
      );
      if (!result.ok) return t.stock.refused[result.why];
      return t.stock.sent(refTail(result.request.id), m(result.request.amount));
    }
    case 'dispute': {
      const saleId = await saleByRefTail(deps, outlet.id, command.ref);
      if (!saleId) return d.refused.not_found;
      const result = await channelDispute(
        deps,
        callerOf(outlet, 'sms'),
        `sms:${sms.id}`,
        saleId,
        command.reason,
      );
      if (!result.ok) return d.refused[result.refusal];
      return d.opened(refTail(saleId), d.status[result.status]);
    }
    case 'sell': {
      const amount = parseAmount(command.amount, currency);
      if (amount === undefined || amount <= 0) return `${t.badAmount} ${t.smsHelp.sell}`;
      const result = await channelSale(deps, callerOf(outlet, 'sms'), `sms:${sms.id}`, {
        msisdn: command.msisdn,
        amount,
      });
      if (!result.ok) return t.refused(t.refusals[result.refusal]);
      const s = result.sale;
      if (s.status !== 'pending' && s.status !== 'unknown') return undefined;
      return `${t.sale(s.id, s.msisdn, m(s.amount), t.status[s.status])} ${t.pending(s.id)}`.replace(
        /\n/g,
        ', ',
      );
    }
  }
}
