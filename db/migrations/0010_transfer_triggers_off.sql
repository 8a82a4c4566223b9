-- Issue 12: the next migration rebuilds accounts and transfers (new kinds in their CHECKs),
-- which SQLite cannot do while transfers' triggers name accounts. They are dropped here
-- and recreated, unchanged, by transfer_triggers_on; all pending migrations run in one batch.
DROP TRIGGER `transfers_no_update`;
--> statement-breakpoint
DROP TRIGGER `transfers_no_delete`;
--> statement-breakpoint
DROP TRIGGER `transfers_settle_matches_hold`;
--> statement-breakpoint
DROP TRIGGER `transfers_apply_hold`;
--> statement-breakpoint
DROP TRIGGER `transfers_apply_post`;
--> statement-breakpoint
DROP TRIGGER `transfers_apply_void`;
--> statement-breakpoint
DROP TRIGGER `transfers_apply_single`;
--> statement-breakpoint
DROP TRIGGER `transfers_sender_not_frozen`;
