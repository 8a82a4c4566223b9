import { paramOf, placeOf } from '../shared/router';

/** The app's screens as hash routes, so any screen reloads offline from the one cached page. */
export type Route =
  | { name: 'home' }
  | { name: 'sell'; again?: string | undefined }
  | { name: 'receipt'; ref: string }
  | { name: 'sale'; ref: string }
  | { name: 'history'; day?: string | undefined }
  | { name: 'commission'; month?: string | undefined }
  | { name: 'visit-code' }
  | { name: 'stock' };

const REF = /^[A-Za-z0-9._:-]{1,255}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

export function parseRoute(hash: string): Route {
  const { segments, params } = placeOf(hash);
  const [screen, ref] = segments;
  const param = (name: string, pattern: RegExp) => paramOf(params, name, pattern);
  switch (screen) {
    case 'sell':
      return { name: 'sell', again: param('again', REF) };
    case 'receipt':
    case 'sale':
      return ref && REF.test(ref) ? { name: screen, ref } : { name: 'history' };
    case 'history':
      return { name: 'history', day: param('day', DAY) };
    case 'commission':
      return { name: 'commission', month: param('month', MONTH) };
    case 'visit-code':
      return { name: 'visit-code' };
    case 'stock':
      return { name: 'stock' };
    default:
      return { name: 'home' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'sell':
      return route.again ? `#/sell?again=${encodeURIComponent(route.again)}` : '#/sell';
    case 'receipt':
    case 'sale':
      return `#/${route.name}/${encodeURIComponent(route.ref)}`;
    case 'history':
      return route.day ? `#/history?day=${route.day}` : '#/history';
    case 'commission':
      return route.month ? `#/commission?month=${route.month}` : '#/commission';
    case 'visit-code':
      return '#/visit-code';
    case 'stock':
      return '#/stock';
  }
}
