/**
 * The router core both apps share (issue 9 "Structure first"): a place is the part of the
 * URL an app routes on, split into path segments and query parameters. The shop routes on
 * the hash (every screen reloads offline from its one cached page); the console on the
 * path under /console/ (its host and service worker answer every /console/* with its page).
 */

export interface Place {
  segments: string[];
  params: URLSearchParams;
}

/** "outlets/o-1?flag=x" (a leading "#", "/" or "#/" ignored) -> its segments and parameters. */
export function placeOf(text: string): Place {
  const [path = '', query = ''] = text.replace(/^#/, '').split('?', 2);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, params: new URLSearchParams(query) };
}

/** A query parameter when it matches `pattern`, else undefined. */
export function paramOf(
  params: URLSearchParams,
  name: string,
  pattern: RegExp,
): string | undefined {
  const value = params.get(name) ?? undefined;
  return value && pattern.test(value) ? value : undefined;
}

/**
 * Matches a pattern such as "outlets/:id" against the segments: the named parts, or
 * undefined when it does not match. "" matches the root only.
 */
export function matchPattern(
  pattern: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return undefined;
  const found: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i]!;
    if (part.startsWith(':')) found[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return found;
}

/**
 * Path routing under a base ("/console/"): follows the History API and the page's own
 * links, and dispatches `change` when the place changes.
 */
export class PathRouter extends EventTarget {
  constructor(readonly base: string) {
    super();
  }

  /** The current place, relative to the base. */
  get place(): Place {
    const path = location.pathname.startsWith(this.base)
      ? location.pathname.slice(this.base.length)
      : '';
    return placeOf(`${path}${location.search}`);
  }

  /** The URL of a place relative to the base: href('outlets/o-1') -> "/console/outlets/o-1". */
  href(path: string): string {
    return `${this.base}${path.replace(/^\//, '')}`;
  }

  go(path: string, options: { replace?: boolean } = {}): void {
    const url = this.href(path);
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.changed();
  }

  /** Listens to back/forward and to clicks on links under the base; returns the undo. */
  start(): () => void {
    const onPop = () => this.changed();
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event
        .composedPath()
        .find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
      if (!link || link.target || link.hasAttribute('download')) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !url.pathname.startsWith(this.base)) return;
      event.preventDefault();
      history.pushState(null, '', url.pathname + url.search);
      this.changed();
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
