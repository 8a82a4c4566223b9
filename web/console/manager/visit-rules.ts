import type { z } from 'zod';
import { VISIT_CHECKLIST } from '../../../core/api/enums';
import type { VisitRequest } from '../../../core/api/visits';
/**
 * The decisions of the visit form (DESIGN 10 "Visits", issue 9 §2): whether the position
 * is good enough, what the checklist and the shop's code must be, and the body of
 * `POST /api/v1/outlets/:id/visits`. The element only gathers the inputs.
 */

export const CHECKLIST_ITEMS = VISIT_CHECKLIST;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type Checklist = Record<ChecklistItem, boolean>;

export const emptyChecklist = (): Checklist =>
  Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, false])) as Checklist;

/** DESIGN 10: a fix this good sets the outlet's location when it has none. */
export const SETS_LOCATION_M = 50;
/** DESIGN 10 `visit_far`: a fix worse than this raises the flag. */
export const FAR_ACCURACY_M = 100;
/** A fix older than this is where the manager was, not where they are. */
export const POSITION_MAX_AGE_MS = 2 * 60_000;
export const NOTE_MAX = 1000;
/** DESIGN 10: the photo, a JPEG data URL, at most 300 KB. */
export const PHOTO_MAX_BYTES = 300 * 1024;

/** A position from navigator.geolocation: the visit body's coordinates, and when it was taken (epoch ms). */
export type Fix = Pick<VisitBody, 'lat' | 'lng' | 'accuracy_m'> & { at: number };

/** How a fix will count, for the words under it. */
export type FixQuality = 'sets_location' | 'good' | 'poor';

export function fixQuality(fix: Fix): FixQuality {
  if (fix.accuracy_m <= SETS_LOCATION_M) return 'sets_location';
  if (fix.accuracy_m <= FAR_ACCURACY_M) return 'good';
  return 'poor';
}

export const fixIsStale = (fix: Fix, now: number): boolean => now - fix.at > POSITION_MAX_AGE_MS;

export interface VisitDraft {
  fix?: Fix | undefined;
  checklist: Checklist;
  note: string;
  photo?: string | undefined;
  shopCode: string;
}

/** The body of POST /outlets/:id/visits (the server's schema). */
export type VisitBody = z.input<typeof VisitRequest>;

export type VisitProblem =
  | 'no_position'
  | 'stale_position'
  | 'bad_code'
  | 'note_too_long'
  | 'photo_too_big';

/** The shop's code as typed ("123 456", "123-456") down to its digits. */
export const cleanCode = (text: string): string => text.replace(/[\s-]/g, '');

export function visitProblems(draft: VisitDraft, now: number): VisitProblem[] {
  const problems: VisitProblem[] = [];
  if (!draft.fix) problems.push('no_position');
  else if (fixIsStale(draft.fix, now)) problems.push('stale_position');
  const code = cleanCode(draft.shopCode);
  if (code && !/^\d{6}$/.test(code)) problems.push('bad_code');
  if (draft.note.trim().length > NOTE_MAX) problems.push('note_too_long');
  if (draft.photo && draft.photo.length > PHOTO_MAX_BYTES) problems.push('photo_too_big');
  return problems;
}

/** The request body, or the problems that keep it from being sent. */
export function visitBody(
  draft: VisitDraft,
  now: number,
): { ok: true; body: VisitBody } | { ok: false; problems: VisitProblem[] } {
  const problems = visitProblems(draft, now);
  if (problems.length > 0 || !draft.fix) return { ok: false, problems };
  const { fix } = draft;
  const body: VisitBody = {
    lat: fix.lat,
    lng: fix.lng,
    accuracy_m: Math.round(fix.accuracy_m),
    recorded_at: new Date(fix.at).toISOString(),
    checklist: { ...draft.checklist },
  };
  const note = draft.note.trim();
  if (note) body.note = note;
  if (draft.photo) body.photo = draft.photo;
  const code = cleanCode(draft.shopCode);
  if (code) body.shop_code = code;
  return { ok: true, body };
}

/** A GeolocationPosition as a fix (accuracy in metres, as the API takes it). */
export const toFix = (position: {
  coords: { latitude: number; longitude: number; accuracy: number };
  timestamp: number;
}): Fix => ({
  lat: position.coords.latitude,
  lng: position.coords.longitude,
  accuracy_m: position.coords.accuracy,
  at: position.timestamp,
});
