import { describe, expect, it } from 'vitest';
import {
  emptyChecklist,
  type Fix,
  fixQuality,
  POSITION_MAX_AGE_MS,
  toFix,
  type VisitDraft,
  visitBody,
} from './visit-rules';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const fix = (accuracy_m: number, at = NOW - 1000): Fix => ({
  lat: -1.28,
  lng: 36.82,
  accuracy_m,
  at,
});
const draft = (patch: Partial<VisitDraft> = {}): VisitDraft => ({
  fix: fix(20),
  checklist: emptyChecklist(),
  note: '',
  shopCode: '',
  ...patch,
});

describe('visit rules', () => {
  it('builds the body of DESIGN 10 with the six checklist answers', () => {
    const checklist = { ...emptyChecklist(), branding_visible: true, pin_private: true };
    const answer = visitBody(
      draft({ checklist, note: '  Shelf tidy ', shopCode: '123 456', fix: fix(12.6) }),
      NOW,
    );
    expect(answer).toEqual({
      ok: true,
      body: {
        lat: -1.28,
        lng: 36.82,
        accuracy_m: 13,
        recorded_at: new Date(NOW - 1000).toISOString(),
        checklist,
        note: 'Shelf tidy',
        shop_code: '123456',
      },
    });
    expect(Object.keys(checklist)).toHaveLength(6);
  });

  it('leaves out the note, photo and code when there are none', () => {
    const answer = visitBody(draft(), NOW);
    expect(answer.ok && Object.keys(answer.body).sort()).toEqual(
      ['accuracy_m', 'checklist', 'lat', 'lng', 'recorded_at'].sort(),
    );
  });

  it('refuses to send without a position, or with one taken too long ago', () => {
    expect(visitBody(draft({ fix: undefined }), NOW)).toEqual({
      ok: false,
      problems: ['no_position'],
    });
    const old = fix(10, NOW - POSITION_MAX_AGE_MS - 1);
    expect(visitBody(draft({ fix: old }), NOW)).toEqual({
      ok: false,
      problems: ['stale_position'],
    });
    expect(visitBody(draft({ fix: fix(10, NOW - POSITION_MAX_AGE_MS) }), NOW).ok).toBe(true);
  });

  it('wants the shop code as six digits, a long note and a big photo refused', () => {
    const answer = visitBody(
      draft({
        shopCode: '12345',
        note: 'x'.repeat(1001),
        photo: `data:image/jpeg;base64,${'A'.repeat(310_000)}`,
      }),
      NOW,
    );
    expect(answer).toEqual({ ok: false, problems: ['bad_code', 'note_too_long', 'photo_too_big'] });
  });

  it('says which fixes set the location, which count, and which raise visit_far', () => {
    expect(fixQuality(fix(50))).toBe('sets_location');
    expect(fixQuality(fix(51))).toBe('good');
    expect(fixQuality(fix(100))).toBe('good');
    expect(fixQuality(fix(101))).toBe('poor');
  });

  it('reads a GeolocationPosition', () => {
    const position = { coords: { latitude: 1, longitude: 2, accuracy: 30 }, timestamp: 5 };
    expect(toFix(position)).toEqual({ lat: 1, lng: 2, accuracy_m: 30, at: 5 });
  });
});
