CREATE TABLE `lockouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lockouts_user` ON `lockouts` (`user_id`,`at`);--> statement-breakpoint
DROP INDEX `sales_retailer_time`;--> statement-breakpoint
ALTER TABLE `sales` ADD `day` text;--> statement-breakpoint
CREATE INDEX `sales_open_retailer` ON `sales` (`retailer_id`,`created_at`) WHERE "sales"."status" in ('pending', 'unknown');--> statement-breakpoint
CREATE INDEX `sales_day` ON `sales` (`day`,`retailer_id`,`msisdn`);--> statement-breakpoint
CREATE INDEX `sales_retailer_time` ON `sales` (`retailer_id`,`created_at`,`status`);--> statement-breakpoint
ALTER TABLE `outlet_days` ADD `count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outlet_days` ADD `failed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outlet_days` ADD `commission` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outlet_days` ADD `night` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_seen_at` integer;--> statement-breakpoint
-- Sales made before this migration counted on their UTC day (the old outlet_days key):
-- they keep it, so a later void or reversal releases the row they counted on. The new
-- aggregates are filled from the sales; `night` starts at 0 for those days.
UPDATE `sales` SET `day` = strftime('%Y-%m-%d', `created_at` / 1000, 'unixepoch') WHERE `day` IS NULL;--> statement-breakpoint
UPDATE `outlet_days` SET
  `count` = (SELECT count(*) FROM `sales` s WHERE s.`retailer_id` = `outlet_days`.`retailer_id` AND s.`day` = `outlet_days`.`day` AND s.`status` NOT IN ('failed', 'reversed')),
  `failed` = (SELECT count(*) FROM `sales` s WHERE s.`retailer_id` = `outlet_days`.`retailer_id` AND s.`day` = `outlet_days`.`day` AND s.`status` IN ('failed', 'reversed')),
  `commission` = (SELECT coalesce(sum(s.`commission`), 0) FROM `sales` s WHERE s.`retailer_id` = `outlet_days`.`retailer_id` AND s.`day` = `outlet_days`.`day` AND s.`status` = 'succeeded');
