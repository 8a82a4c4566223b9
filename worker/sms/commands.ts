/**
 * The SMS commands of DESIGN 6, parsed (pure): case-insensitive, any spaces between the
 * words, amounts in major units. DISPUTE joins as one entry when disputes exist. Anything else is `help`, naming the command it looked like.
 */
export type Command =
  | { kind: 'sell'; msisdn: string; amount: string; pin: string }
  | { kind: 'bal' | 'comm' | 'last'; pin: string }
  | { kind: 'stock'; amount: string; pin: string }
  | { kind: 'help'; about?: HelpTopic };

export type HelpTopic = 'sell' | 'bal' | 'comm' | 'last' | 'stock';

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
    case 'STOCK': {
      // DESIGN 6, 12: STOCK <amount> <PIN>, the amount in major units.
      if (rest.length !== 2 || !PIN.test(rest[1]!)) return { kind: 'help', about: 'stock' };
      return { kind: 'stock', amount: rest[0]!, pin: rest[1]! };
    }
    default:
      return { kind: 'help' };
  }
}
