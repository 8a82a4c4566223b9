-- DESIGN 11: open -> investigating -> refunded | rejected, or withdrawn by the shop;
-- a final dispute never moves again. A resolution that lost a race (two managers at
-- once, a refund racing a withdrawal) is refused here, so its whole write is refused
-- and no money moves.
CREATE TRIGGER `disputes_status_transition` BEFORE UPDATE OF `status` ON `disputes`
WHEN NOT (
  (OLD.status = 'open' AND NEW.status IN ('investigating', 'refunded', 'rejected', 'withdrawn'))
  OR (OLD.status = 'investigating' AND NEW.status IN ('refunded', 'rejected', 'withdrawn'))
)
BEGIN
  SELECT RAISE(ABORT, 'dispute_transition_refused');
END;
--> statement-breakpoint
CREATE TRIGGER `disputes_no_delete` BEFORE DELETE ON `disputes`
BEGIN
  SELECT RAISE(ABORT, 'disputes_kept');
END;
--> statement-breakpoint
-- A dispute's history is append-only, like the audit log.
CREATE TRIGGER `dispute_events_no_update` BEFORE UPDATE ON `dispute_events`
BEGIN
  SELECT RAISE(ABORT, 'dispute_events_append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `dispute_events_no_delete` BEFORE DELETE ON `dispute_events`
BEGIN
  SELECT RAISE(ABORT, 'dispute_events_append_only');
END;
