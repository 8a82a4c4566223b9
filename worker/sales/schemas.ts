import { z } from '@hono/zod-openapi';
import { Sale as SaleAnswer, SalePage as SalePageAnswer } from '../../core/api/sales';

/** Amounts are integer minor units; above this no limit could allow them, so they are malformed. */
export const HARD_MAX_AMOUNT = 1_000_000_000_000;

export const Amount = z.number().int().positive().max(HARD_MAX_AMOUNT).openapi({ example: 10_000 });

export const SaleRequest = z
  .strictObject({
    msisdn: z.string().min(3).max(32).openapi({ example: '0712345678' }),
    amount: Amount,
    product: z.string().min(1).max(64).optional().openapi({ example: 'safaricom-airtime' }),
  })
  .openapi('SaleRequest');

// The answers' shapes are core/api's (one source with the web apps); here they get names.
export const Sale = SaleAnswer.openapi('Sale');
export const SalePage = SalePageAnswer.extend({ items: z.array(Sale) }).openapi('SalePage');

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,255}$/)
    .openapi({
      description: 'Made by the device (a UUIDv7) when the sale is confirmed',
      example: '0192b3c4-5d6e-7f80-9a0b-1c2d3e4f5a6b',
    }),
});
