-- Issue 11: the commission_rates of a database from before versioned plans become the
-- plan's first version, in force since the epoch, so every sale already made and every
-- sale until the next version earns what it did. An empty table makes no version.
INSERT INTO commission_plans (version, effective_from, rates, note, created_by, created_at)
SELECT * FROM (SELECT 1, 0,
  json_group_array(
    CASE WHEN product_id IS NOT NULL
      THEN json_object('product_id', product_id, 'bps', bps)
      ELSE json_object('operator', operator, 'bps', bps)
    END),
  'the rates from before versioned plans', NULL, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
FROM commission_rates)
-- Not HAVING without GROUP BY: sqld's parser refuses it (SQLite itself would take it).
WHERE EXISTS (SELECT 1 FROM commission_rates);
--> statement-breakpoint
-- A version is never edited or removed: a new plan is a new version (issue 11).
CREATE TRIGGER commission_plans_no_update BEFORE UPDATE ON commission_plans
BEGIN
  SELECT RAISE(ABORT, 'commission_plan_immutable');
END;
--> statement-breakpoint
CREATE TRIGGER commission_plans_no_delete BEFORE DELETE ON commission_plans
BEGIN
  SELECT RAISE(ABORT, 'commission_plan_immutable');
END;
