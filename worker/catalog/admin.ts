import { desc, eq } from 'drizzle-orm';
import type {
  NewPlanVersion,
  NewProduct,
  PlanVersion,
  ProductChange,
} from '../../core/api/catalog';
import { planAt, planProblem } from '../../core/commission';
import { commissionPlans, products } from '../../db/schema';
import { type Actor, auditEntry } from '../audit/entry';
import type { Deps } from '../deps';
import { appError, notFound } from '../errors';
import { violationOf } from '../ledger/violation';
import { forgetCatalog, ratesOf } from '../sales/products';
import { listProducts } from './service';

/**
 * The admin's catalog (DESIGN 12, issue 11): products, and the commission plan as
 * versions. A version is never edited (a trigger refuses it): a new one applies from
 * its `effective_from`, and every sale keeps the commission it fixed when it was made.
 */

const productAnswer = async (deps: Deps, id: string) => {
  const item = (await listProducts(deps, 'admin')).items.find((p) => p.id === id);
  if (!item) throw notFound('Product');
  return item;
};

const duplicate = (error: unknown): never => {
  if (violationOf(error) === 'duplicate_product') throw appError('product_exists');
  throw error;
};

export async function createProduct(deps: Deps, actor: Actor, body: NewProduct) {
  try {
    await deps.writer.write(
      [
        {
          sql: `INSERT INTO products (id, operator, name, prefixes, denominations, active) VALUES (?, ?, ?, ?, ?, ?)`,
          args: [
            body.id,
            body.operator,
            body.name,
            JSON.stringify(body.prefixes),
            JSON.stringify(body.denominations),
            body.active === false ? 0 : 1,
          ],
        },
      ],
      [auditEntry(deps, actor, 'product_create', 'app', body.id, { ...body })],
    );
  } catch (error) {
    duplicate(error);
  }
  forgetCatalog(deps);
  return productAnswer(deps, body.id);
}

export async function changeProduct(deps: Deps, actor: Actor, id: string, body: ProductChange) {
  const [row] = await deps.db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('Product');
  const next = {
    operator: body.operator ?? row.operator,
    name: body.name ?? row.name,
    prefixes: body.prefixes ? JSON.stringify(body.prefixes) : row.prefixes,
    denominations: body.denominations ? JSON.stringify(body.denominations) : row.denominations,
    active: body.active === undefined ? row.active : body.active ? 1 : 0,
  };
  try {
    await deps.writer.write(
      [
        {
          sql: `UPDATE products SET operator = ?, name = ?, prefixes = ?, denominations = ?, active = ? WHERE id = ?`,
          args: [next.operator, next.name, next.prefixes, next.denominations, next.active, id],
        },
      ],
      [auditEntry(deps, actor, 'product_change', 'app', id, { ...body })],
    );
  } catch (error) {
    duplicate(error);
  }
  forgetCatalog(deps);
  return productAnswer(deps, id);
}

type PlanRow = typeof commissionPlans.$inferSelect;
const iso = (ms: number) => new Date(ms).toISOString();
const planView = (p: PlanRow): PlanVersion => ({
  version: p.version,
  effective_from: iso(p.effectiveFrom),
  rates: ratesOf(p.rates),
  note: p.note,
  created_by: p.createdBy,
  created_at: iso(p.createdAt),
});

/** GET /api/v1/commission-plans: every version, newest first, and the one in force now. */
export async function listPlans(deps: Deps) {
  const rows = await deps.db.select().from(commissionPlans).orderBy(desc(commissionPlans.version));
  const current = planAt(
    rows.map((r) => ({ version: r.version, effective_from: r.effectiveFrom, rates: [] })),
    deps.clock.now(),
  );
  return { items: rows.map(planView), current: current?.version ?? null };
}

/**
 * POST /api/v1/commission-plans: a new version from `effective_from` (now by default;
 * never in the past, so no sale already made was made under it). Its number is the next
 * one, taken inside the write (the primary key refuses a second writer of the same).
 */
export async function createPlan(deps: Deps, actor: Actor, body: NewPlanVersion) {
  const now = deps.clock.now();
  const from = body.effective_from === undefined ? now : Date.parse(body.effective_from);
  if (from < now) throw appError('invalid_request', 'effective_from: not in the past');
  const problem = planProblem(body.rates);
  if (problem) throw appError('invalid_request', problem);
  const known = await deps.db.select({ id: products.id }).from(products);
  const unknown = body.rates.find(
    (r) => r.product_id !== undefined && !known.some((p) => p.id === r.product_id),
  );
  if (unknown) throw appError('invalid_request', `rates: no product "${unknown.product_id}"`);
  const [result] = await deps.writer.write(
    [
      {
        sql: `INSERT INTO commission_plans (version, effective_from, rates, note, created_by, created_at)
              SELECT coalesce(max(version), 0) + 1, ?, ?, ?, ?, ? FROM commission_plans
              RETURNING version`,
        args: [from, JSON.stringify(body.rates), body.note ?? null, actor.id, now],
      },
    ],
    [
      auditEntry(deps, actor, 'commission_plan', 'app', null, {
        effective_from: from,
        rates: body.rates,
      }),
    ],
  );
  forgetCatalog(deps);
  const version = Number(result?.rows[0]?.version);
  const [row] = await deps.db
    .select()
    .from(commissionPlans)
    .where(eq(commissionPlans.version, version));
  return planView(row!);
}
