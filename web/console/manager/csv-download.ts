import { ApiError, NetworkError } from '../../shared/api';
import { errorOf } from '../../shared/types';

/**
 * CSV exports (DESIGN 10): the token is a bearer header, not a cookie, so a plain link
 * cannot carry it; the file is fetched with it and saved from a Blob.
 */

/** The file name of `Content-Disposition: attachment; filename="x.csv"`, else `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header ?? '');
  const name = match?.[1] ? decodeURIComponent(match[1]).replace(/[\\/]/g, '_').trim() : '';
  return name || fallback;
}

export async function downloadCsv(
  path: string,
  token: string,
  fallbackName: string,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
      cache: 'no-store',
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const error = errorOf(await response.json().catch(() => undefined));
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? '',
    );
  }
  const name = attachmentName(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download by the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}
