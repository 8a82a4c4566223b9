import { msg, str } from '@lit/localize';
import { sourceLocale } from '../../generated/locale-codes';
import { money } from '../../shared/labels';
import { getLocale } from '../../shared/locale';
import type { Flag } from './types';

/**
 * A flag's reason in the manager's language (issue 9 §2 "Languages"). The server's
 * reason is English with its plurals right; in another language the console says the
 * same numbers (the flag's `values`, worker/flags/reasons.ts) in its own words, and
 * falls back to the server's words for a flag without them.
 */
export function flagReason(flag: Flag, currency: string): string {
  const v = flag.values;
  if (!v || getLocale() === sourceLocale) return flag.reason;
  return translated(flag.code, v, (amount) => money(Number(amount), currency)) ?? flag.reason;
}

type Values = NonNullable<Flag['values']>;

function translated(
  code: Flag['code'],
  v: Values,
  m: (amount: Values[string] | undefined) => string,
): string | undefined {
  const opened = v.opened_days;
  switch (code) {
    case 'repeat_number':
      return msg(str`${v.count} sales to ${v.msisdn} today`, { id: 'reason.repeat_number' });
    case 'sales_spike':
      return msg(
        str`${m(v.total)} in ${v.count} sales today, over ${v.factor} times the median daily ${m(v.median)} of the previous ${v.days} days`,
        { id: 'reason.sales_spike' },
      );
    case 'high_failure_rate':
      return msg(
        str`${v.failed} of the last ${v.count} sales failed or were reversed (${v.percent} %)`,
        { id: 'reason.high_failure_rate' },
      );
    case 'night_sales':
      return msg(
        str`${v.night} of ${v.count} sales in the last ${v.days} days were made between 00:00 and 05:00 (${v.percent} %)`,
        { id: 'reason.night_sales' },
      );
    case 'dormant':
      return opened !== undefined
        ? msg(str`No sale since it opened ${opened} days ago`, { id: 'reason.dormant_never' })
        : msg(str`No sale for ${v.days} days`, { id: 'reason.dormant' });
    case 'not_seen':
      return opened !== undefined
        ? msg(str`Never in contact since it opened ${opened} days ago`, {
            id: 'reason.not_seen_never',
          })
        : msg(str`No contact on any channel for ${v.days} days`, { id: 'reason.not_seen' });
    case 'low_float':
      return msg(
        str`${m(v.available)} available, less than the median daily sales of ${m(v.median)} over the previous ${v.days} days`,
        { id: 'reason.low_float' },
      );
    case 'stuck_sales':
      return msg(str`${v.count} sales pending or unknown for over ${v.minutes} minutes`, {
        id: 'reason.stuck_sales',
      });
    case 'pin_lockouts':
      return msg(str`${v.count} PIN lockouts in the last ${v.days} days`, {
        id: 'reason.pin_lockouts',
      });
    case 'many_disputes':
      return msg(str`${v.count} disputes opened in the last ${v.days} days`, {
        id: 'reason.many_disputes',
      });
    case 'visit_far':
      return v.distance_m !== undefined
        ? msg(str`The last visit was recorded ${v.distance_m} m from the outlet`, {
            id: 'reason.visit_far',
          })
        : msg(str`The last visit was recorded with an accuracy of ${v.accuracy_m} m`, {
            id: 'reason.visit_vague',
          });
    case 'visit_overdue':
      return opened !== undefined
        ? msg(str`Never visited, open for ${opened} days`, { id: 'reason.visit_overdue_never' })
        : msg(str`No visit for ${v.days} days`, { id: 'reason.visit_overdue' });
    default:
      return undefined;
  }
}
