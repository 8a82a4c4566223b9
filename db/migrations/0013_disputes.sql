CREATE TABLE `dispute_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dispute_id` text NOT NULL,
	`at` integer NOT NULL,
	`status` text NOT NULL,
	`actor_id` text,
	`actor_role` text NOT NULL,
	`channel` text NOT NULL,
	`note` text,
	FOREIGN KEY (`dispute_id`) REFERENCES `disputes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dispute_events_status" CHECK("dispute_events"."status" in ('open', 'investigating', 'refunded', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `dispute_events_dispute` ON `dispute_events` (`dispute_id`,`id`);--> statement-breakpoint
CREATE TABLE `disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`retailer_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`channel` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`evidence` text NOT NULL,
	`opened_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution_note` text,
	`refund_source` text,
	`refund_amount` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retailer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disputes_reason" CHECK("disputes"."reason" in ('wrong_number', 'not_received', 'charged_twice', 'other')),
	CONSTRAINT "disputes_status" CHECK("disputes"."status" in ('open', 'investigating', 'refunded', 'rejected', 'withdrawn')),
	CONSTRAINT "disputes_refund" CHECK(("disputes"."status" = 'refunded') = ("disputes"."refund_source" is not null) and "disputes"."refund_amount" >= 0),
	CONSTRAINT "disputes_notes" CHECK(coalesce(length("disputes"."note"), 0) <= 500 and coalesce(length("disputes"."resolution_note"), 0) <= 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disputes_retailer_key` ON `disputes` (`retailer_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `disputes_sale_open` ON `disputes` (`sale_id`) WHERE "disputes"."status" in ('open', 'investigating');--> statement-breakpoint
CREATE INDEX `disputes_retailer_time` ON `disputes` (`retailer_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `disputes_status_due` ON `disputes` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `disputes_opened` ON `disputes` (`opened_at`);--> statement-breakpoint
CREATE INDEX `disputes_resolved` ON `disputes` (`resolved_at`);--> statement-breakpoint
ALTER TABLE `sales` ADD `refunded_at` integer;--> statement-breakpoint
ALTER TABLE `sales` ADD `dispute_id` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `dispute_status` text;