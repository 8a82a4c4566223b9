/**
 * Money on the device (DESIGN 2): integer minor units everywhere, formatted with Intl in
 * the deployment's currency, and typed amounts parsed to minor units without floats.
 */

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string): Intl.NumberFormat {
  const id = `${locale}|${currency}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
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

export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  return currencyFormat(currency, locale).format(toDecimal(amount, currency) as `${number}`);
}

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
