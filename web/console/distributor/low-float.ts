import type { Outlet } from '../../shared/types';

/**
 * The distributor's retailers, low float first (issue 11): the ones the server flags
 * `low_float` (worker/flags: available under the median daily sales of the last 14
 * days; the rule is the server's, read here, never written twice), the lowest share of
 * their median first, then the rest by available balance, lowest first.
 */
export function lowFloatFirst(outlets: readonly Outlet[]): Outlet[] {
  const share = (o: Outlet): number | undefined => {
    const flag = o.flags.find((f) => f.code === 'low_float');
    if (!flag) return undefined;
    const median = Number(flag.values?.median);
    return median > 0 ? o.wallet.available / median : 0;
  };
  return [...outlets].sort((a, b) => {
    const [x, y] = [share(a), share(b)];
    if (x !== undefined && y !== undefined) return x - y || a.name.localeCompare(b.name);
    if (x !== undefined) return -1;
    if (y !== undefined) return 1;
    return a.wallet.available - b.wallet.available || a.name.localeCompare(b.name);
  });
}

export const isLowFloat = (o: Outlet): boolean => o.flags.some((f) => f.code === 'low_float');
