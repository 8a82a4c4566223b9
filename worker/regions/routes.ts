import { OpenAPIHono } from '@hono/zod-openapi';
import {
  NewRegion,
  Region as RegionAnswer,
  Regions as RegionsAnswer,
} from '../../core/api/onboarding';
import type { AppEnv } from '../auth/middleware';
import { body, json, route, validationHook } from '../http/route';
import { createRegion, listRegions } from './service';

const admin = { roles: ['admin'], scope: 'none' } as const;
const Region = RegionAnswer.openapi('Region');

export const regionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: 'get',
      path: '/',
      tags: ['onboarding'],
      summary: 'Every region, by name',
      access: admin,
      responses: { 200: json(RegionsAnswer.openapi('Regions'), 'The regions') },
    }),
    async (c) => c.json(await listRegions(c.get('deps')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/',
      tags: ['onboarding'],
      summary: 'A new region, with its own IANA time zone where it differs from TIMEZONE',
      access: admin,
      errors: ['region_exists'],
      request: { body: body(NewRegion.openapi('NewRegion')) },
      responses: { 201: json(Region, 'The region') },
    }),
    async (c) => c.json(await createRegion(c.get('deps'), c.get('user'), c.req.valid('json')), 201),
  );
