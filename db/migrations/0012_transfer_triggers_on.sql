-- The triggers of transfers as 0001_ledger_triggers made them (dropped by
-- transfer_triggers_off for the rebuild in dispute_kinds), unchanged, and one more:
-- a dispute's refund (issue 12) pays back only a sale that stands as succeeded, so a
-- failed (voided) or reversed sale is never refunded again from dispute_losses. With
-- the partial UNIQUE index transfers_sale_refund, a sale is refunded at most once.
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
-- DESIGN 7: a frozen outlet cannot transfer stock out of its wallet.
CREATE TRIGGER `transfers_sender_not_frozen` BEFORE INSERT ON `transfers`
WHEN NEW.kind = 'stock' AND (
  SELECT u.frozen FROM accounts a JOIN users u ON u.id = a.user_id WHERE a.id = NEW.debit_account_id
) = 1
BEGIN
  SELECT RAISE(ABORT, 'outlet_frozen');
END;
--> statement-breakpoint
CREATE TRIGGER `transfers_dispute_refund_succeeded` BEFORE INSERT ON `transfers`
WHEN NEW.kind = 'dispute_refund'
  AND coalesce((SELECT status FROM sales WHERE id = NEW.sale_id), '') <> 'succeeded'
BEGIN
  SELECT RAISE(ABORT, 'refund_refused');
END;
