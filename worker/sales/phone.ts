import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { appError } from '../errors';

export interface Msisdn {
  e164: string;
  national: string;
}

/** A customer's number, in any form a shopkeeper types it, to E.164 (DESIGN 8). */
export function parseMsisdn(input: string, defaultCountry: string): Msisdn {
  // extract: false: the whole input must be the number, not a number found inside other text.
  const number = parsePhoneNumberFromString(input, {
    defaultCountry: defaultCountry as CountryCode,
    extract: false,
  });
  if (!number?.isValid()) {
    throw appError('invalid_msisdn', `"${input.slice(0, 32)}" is not a valid phone number`);
  }
  return { e164: number.number, national: number.nationalNumber };
}
