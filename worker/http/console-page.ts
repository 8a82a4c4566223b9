/**
 * The console (issue 9) routes on the path under /console/: every screen's URL is answered
 * with the console's page, as its service worker does offline. A path with a file
 * extension is an asset, and is served (or not found) as it is.
 */
export const CONSOLE_PAGE = '/console/index.html';

export const isConsoleScreen = (path: string): boolean => /^\/console(\/[^.]*)?$/.test(path);
