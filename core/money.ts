/**
 * Money (DESIGN 2, DESIGN 10 one source): integer minor units everywhere, formatted with
 * Intl in the deployment's currency, and typed amounts parsed to minor units without
 * floats. The web apps and the server (receipts, the carrier adapter) both use these.
 */

const formats = new Map<string, Intl.NumberFormat>();

/** How the currency is written: its symbol where the locale has one, or its ISO code (an SMS). */
export type CurrencyDisplay = 'symbol' | 'code';

function currencyFormat(
  currency: string,
  locale: string,
  display: CurrencyDisplay = 'symbol',
): Intl.NumberFormat {
  const id = `${locale}|${currency}|${display}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: display,
    });
    formats.set(id, format);
  }
  return format;
}

/** How many decimals the currency has (KES 2, UGX 0). */
export const fractionDigits = (currency: string): number =>
  currencyFormat(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;

/** The amount as a decimal string, exactly: 12345 KES -> "123.45". */
export function toDecimal(amount: number, currency: string): string {
  const digits = fractionDigits(currency);
  const unit = 10 ** digits;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / unit);
  if (digits === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(abs % unit).padStart(digits, '0')}`;
}

/** Minor units as the currency writes them, exactly: the amount is never turned into a float. */
export function formatMoney(
  amount: number,
  currency: string,
  locale = 'en',
  display: CurrencyDisplay = 'symbol',
): string {
  // Intl formats decimal strings exactly (Intl.NumberFormat v3).
  return currencyFormat(currency, locale, display).format(
    toDecimal(amount, currency) as `${number}`,
  );
}

/**
 * Money in plain text, as receipts, SMS, USSD screens and flag reasons write it: the ISO
 * code and plain spaces ("KES 1,000.00"), so it stays GSM-7 and reads the same anywhere.
 */
export const formatMoneyText = (amount: number, currency: string): string =>
  formatMoney(amount, currency, 'en', 'code').replace(/\u00a0/g, ' ');

/**
 * What the shopkeeper typed, in minor units: "100", "100.5", "1,000.50" -> integer, or
 * undefined when it is not an amount in this currency (too many decimals, letters).
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const cleaned = text.replace(/[\s,\u00a0]/g, '');
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return undefined;
  const digits = fractionDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
