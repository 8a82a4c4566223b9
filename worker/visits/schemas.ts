import { z } from '@hono/zod-openapi';
import {
  Checklist as ChecklistShape,
  VisitAnswer as VisitAnswerShape,
  VisitPage as VisitPageShape,
  VisitRequest as VisitRequestShape,
  Visit as VisitShape,
} from '../../core/api/visits';
import { pageQuery } from '../http/route';

// The request's and answers' shapes are core/api's (one source with the console); here they get names.
export const Checklist = ChecklistShape.openapi('VisitChecklist');
export const VisitRequest = VisitRequestShape.extend({ checklist: Checklist }).openapi(
  'VisitRequest',
);
export type VisitRequest = z.infer<typeof VisitRequest>;
export const VisitAnswer = VisitAnswerShape.openapi('VisitAnswer');
export type VisitAnswer = z.infer<typeof VisitAnswer>;
export const Visit = VisitShape.extend({ checklist: Checklist }).openapi('Visit');
export const VisitPage = VisitPageShape.extend({ items: z.array(Visit) }).openapi('VisitPage');

export const VisitQuery = pageQuery;

export const VisitParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
  visitId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'visitId', in: 'path' } }),
});
