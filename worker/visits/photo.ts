import { VISIT_PHOTO_MAX_BYTES } from '../../db/schema';
import { appError } from '../errors';

const PREFIX = 'data:image/jpeg;base64,';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A visit's photo (DESIGN 10): a JPEG data URL of at most 300 KB, shrunk on the device.
 * The prefix alone proves nothing, so the bytes must start with JPEG's SOI marker.
 * Returns the JPEG bytes.
 */
export function parsePhoto(dataUrl: string): Uint8Array {
  if (!dataUrl.startsWith(PREFIX))
    throw appError('invalid_photo', 'The photo must be a JPEG data URL');
  const encoded = dataUrl.slice(PREFIX.length);
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded))
    throw appError('invalid_photo', 'The photo is not valid base64');
  const bytes = photoBytes(dataUrl);
  if (bytes.length > VISIT_PHOTO_MAX_BYTES)
    throw appError(
      'invalid_photo',
      `The photo is ${bytes.length} bytes; at most ${VISIT_PHOTO_MAX_BYTES}`,
    );
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff)
    throw appError('invalid_photo', 'The photo is not a JPEG');
  return bytes;
}

/** The bytes of a stored photo data URL. */
export function photoBytes(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(PREFIX.length));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
