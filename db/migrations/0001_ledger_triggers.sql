-- DESIGN 3: transfers are immutable; corrections are new transfers, never edits.
CREATE TRIGGER `transfers_no_update` BEFORE UPDATE ON `transfers`
BEGIN
  SELECT RAISE(ABORT, 'transfers_immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_no_delete` BEFORE DELETE ON `transfers`
BEGIN
  SELECT RAISE(ABORT, 'transfers_immutable');
END;
--> statement-breakpoint
-- DESIGN 4: the sale lifecycle. pending -> unknown | succeeded | failed,
-- unknown -> succeeded | failed, succeeded -> reversed. Anything else is refused, so
-- a second post, a void after a post or a reversal of a failed sale cannot happen.
CREATE TRIGGER `sales_status_transition` BEFORE UPDATE OF `status` ON `sales`
WHEN NOT (
  (OLD.status = 'pending' AND NEW.status IN ('unknown', 'succeeded', 'failed'))
  OR (OLD.status = 'unknown' AND NEW.status IN ('succeeded', 'failed'))
  OR (OLD.status = 'succeeded' AND NEW.status = 'reversed')
)
BEGIN
  SELECT RAISE(ABORT, 'sale_transition_refused');
END;
--> statement-breakpoint
CREATE TRIGGER `sales_no_delete` BEFORE DELETE ON `sales`
BEGIN
  SELECT RAISE(ABORT, 'sales_kept');
END;
--> statement-breakpoint
-- A post or void settles its hold exactly: same accounts, same amount.
CREATE TRIGGER `transfers_settle_matches_hold` BEFORE INSERT ON `transfers`
WHEN NEW.kind IN ('post', 'void') AND NOT EXISTS (
  SELECT 1 FROM transfers h
  WHERE h.id = NEW.pending_id AND h.kind = 'hold' AND h.amount = NEW.amount
    AND h.debit_account_id = NEW.debit_account_id AND h.credit_account_id = NEW.credit_account_id
)
BEGIN
  SELECT RAISE(ABORT, 'settle_mismatch');
END;
--> statement-breakpoint
-- Balances follow from transfers, in the same statement: inserting a transfer is the
-- only way money moves, and the accounts' CHECK constraints judge the result.
CREATE TRIGGER `transfers_apply_hold` AFTER INSERT ON `transfers` WHEN NEW.kind = 'hold'
BEGIN
  UPDATE accounts SET debits_pending = debits_pending + NEW.amount WHERE id = NEW.debit_account_id;
  UPDATE accounts SET credits_pending = credits_pending + NEW.amount WHERE id = NEW.credit_account_id;
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_apply_post` AFTER INSERT ON `transfers` WHEN NEW.kind = 'post'
BEGIN
  UPDATE accounts SET debits_pending = debits_pending - NEW.amount, debits_posted = debits_posted + NEW.amount
    WHERE id = NEW.debit_account_id;
  UPDATE accounts SET credits_pending = credits_pending - NEW.amount, credits_posted = credits_posted + NEW.amount
    WHERE id = NEW.credit_account_id;
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_apply_void` AFTER INSERT ON `transfers` WHEN NEW.kind = 'void'
BEGIN
  UPDATE accounts SET debits_pending = debits_pending - NEW.amount WHERE id = NEW.debit_account_id;
  UPDATE accounts SET credits_pending = credits_pending - NEW.amount WHERE id = NEW.credit_account_id;
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_apply_single` AFTER INSERT ON `transfers`
WHEN NEW.kind NOT IN ('hold', 'post', 'void')
BEGIN
  UPDATE accounts SET debits_posted = debits_posted + NEW.amount WHERE id = NEW.debit_account_id;
  UPDATE accounts SET credits_posted = credits_posted + NEW.amount WHERE id = NEW.credit_account_id;
END;
--> statement-breakpoint
-- DESIGN 7: a frozen outlet cannot sell.
CREATE TRIGGER `sales_outlet_not_frozen` BEFORE INSERT ON `sales`
WHEN (SELECT frozen FROM users WHERE id = NEW.retailer_id) = 1
BEGIN
  SELECT RAISE(ABORT, 'outlet_frozen');
END;
--> statement-breakpoint
-- DESIGN 7: a frozen outlet cannot transfer stock out of its wallet.
CREATE TRIGGER `transfers_sender_not_frozen` BEFORE INSERT ON `transfers`
WHEN NEW.kind = 'stock' AND (
  SELECT u.frozen FROM accounts a JOIN users u ON u.id = a.user_id WHERE a.id = NEW.debit_account_id
) = 1
BEGIN
  SELECT RAISE(ABORT, 'outlet_frozen');
END;
--> statement-breakpoint
-- The audit log is append-only: an entry is never edited or removed.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_append_only');
END;
