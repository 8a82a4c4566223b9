import { msg } from '@lit/localize';
import type { FlagCode } from './outlet-query';

/**
 * A flag's name in the manager's language (DESIGN 10 table). The reason beside it comes
 * from the server, which names its numbers ("7 sales to +254712345678 today").
 */
export function flagLabel(code: FlagCode | string): string {
  switch (code) {
    case 'repeat_number':
      return msg('Repeated number', { id: 'flag.repeat_number' });
    case 'sales_spike':
      return msg('Sales spike', { id: 'flag.sales_spike' });
    case 'high_failure_rate':
      return msg('Many failed sales', { id: 'flag.high_failure_rate' });
    case 'night_sales':
      return msg('Night sales', { id: 'flag.night_sales' });
    case 'dormant':
      return msg('Dormant', { id: 'flag.dormant' });
    case 'not_seen':
      return msg('Not seen', { id: 'flag.not_seen' });
    case 'low_float':
      return msg('Low float', { id: 'flag.low_float' });
    case 'stuck_sales':
      return msg('Stuck sales', { id: 'flag.stuck_sales' });
    case 'pin_lockouts':
      return msg('PIN lockouts', { id: 'flag.pin_lockouts' });
    case 'many_disputes':
      return msg('Many disputes', { id: 'flag.many_disputes' });
    case 'visit_far':
      return msg('Visit far away', { id: 'flag.visit_far' });
    case 'visit_overdue':
      return msg('Visit overdue', { id: 'flag.visit_overdue' });
    default:
      return code;
  }
}
