import { msg } from '@lit/localize';
import { getLocale } from '../../shared/locale';

/** Times on the manager's screens: "—" for never, else date and time in the manager's language. */
export function when(iso: string | null | undefined): string {
  if (!iso) return msg('never', { id: 'manager.never' });
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    Date.parse(iso),
  );
}

export const metres = (m: number): string =>
  new Intl.NumberFormat(getLocale(), {
    style: 'unit',
    unit: 'meter',
    maximumFractionDigits: 0,
  }).format(m);
