import type { DisputeReason } from '../../core/api/enums';
import { REASON_BY_WORD } from '../disputes/texts';

/**
 * The SMS commands of DESIGN 6, parsed (pure): case-insensitive, any spaces between the
 * words, amounts in major units. DISPUTE and STOCK join as one entry each when disputes
 * and stock requests exist. Anything else is `help`, naming the command it looked like.
 */
export type Command =
  | { kind: 'sell'; msisdn: string; amount: string; pin: string }
  | { kind: 'bal' | 'comm' | 'last'; pin: string }
  | { kind: 'dispute'; ref: string; reason: DisputeReason; pin: string }
  | { kind: 'help'; about?: 'sell' | 'bal' | 'comm' | 'last' | 'dispute' };

const PIN = /^\d{4,6}$/;

export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? '').toUpperCase();
  const rest = words.slice(1);
  switch (verb) {
    case 'SELL': {
      // The number may have spaces in it ("0712 345 678"): amount and PIN are the last two words.
      if (rest.length < 3 || !PIN.test(rest.at(-1)!)) return { kind: 'help', about: 'sell' };
      return {
        kind: 'sell',
        msisdn: rest.slice(0, -2).join(''),
        amount: rest.at(-2)!,
        pin: rest.at(-1)!,
      };
    }
    case 'BAL':
    case 'COMM':
    case 'LAST': {
      const about = verb.toLowerCase() as 'bal' | 'comm' | 'last';
      if (rest.length !== 1 || !PIN.test(rest[0]!)) return { kind: 'help', about };
      return { kind: about, pin: rest[0]! };
    }
    // Issue 12: DISPUTE <sale ref tail> <reason> <PIN>.
    case 'DISPUTE': {
      const [ref, word, pin] = rest;
      const reason = REASON_BY_WORD[(word ?? '').toUpperCase()];
      if (rest.length !== 3 || !/^[0-9A-Fa-f]{4,32}$/.test(ref!) || !reason || !PIN.test(pin!))
        return { kind: 'help', about: 'dispute' };
      return { kind: 'dispute', ref: ref!.toUpperCase(), reason, pin: pin! };
    }
    default:
      return { kind: 'help' };
  }
}
