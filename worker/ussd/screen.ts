/**
 * A USSD screen (DESIGN 6): at most 182 characters with its `CON `/`END ` prefix, in
 * any language; a list that does not fit is paged (`98` more, `0` back).
 */
export const SCREEN_MAX = 182;
const PREFIX = 4;

export interface Reply {
  /** True: the session is over (`END`); false: it waits for input (`CON`). */
  end: boolean;
  text: string;
}

export const con = (...lines: string[]): Reply => ({ end: false, text: lines.join('\n') });
export const end = (...lines: string[]): Reply => ({ end: true, text: clip(lines.join('\n')) });

/** The reply as Africa's Talking and most gateways take it. */
export const render = (reply: Reply) => `${reply.end ? 'END' : 'CON'} ${clip(reply.text)}`;

/** Never more than a screen: a text that would not fit is cut (a last resort; screens are tested). */
export function clip(text: string): string {
  const room = SCREEN_MAX - PREFIX;
  return [...text].length <= room ? text : `${[...text].slice(0, room - 1).join('')}.`;
}

const length = (text: string) => [...text].length;

/**
 * Packs `lines` into pages that fit a screen with the title and the footer lines (`98`
 * on every page but the last, `0` on every page). Returns the pages' texts.
 */
export function pages(title: string, lines: string[], more: string, back: string): string[] {
  const room = SCREEN_MAX - PREFIX;
  const result: string[] = [];
  let current: string[] = [];
  const size = (body: string[], last: boolean) =>
    length([title, ...body, ...(last ? [] : [more]), back].filter(Boolean).join('\n'));
  for (const line of lines) {
    if (current.length > 0 && size([...current, line], false) > room) {
      result.push([title, ...current, more, back].filter(Boolean).join('\n'));
      current = [];
    }
    current.push(line);
  }
  result.push([title, ...current, back].filter(Boolean).join('\n'));
  return result;
}
