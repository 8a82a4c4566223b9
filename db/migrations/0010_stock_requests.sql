CREATE TABLE `stock_decision_keys` (
	`actor_id` text NOT NULL,
	`key` text NOT NULL,
	`request_id` text NOT NULL,
	`rejection_status` integer,
	`rejection_code` text,
	`rejection_message` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`actor_id`, `key`),
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `stock_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`retailer_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`amount` integer NOT NULL,
	`note` text,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`decision` text,
	`reason` text,
	FOREIGN KEY (`retailer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_requests_amount" CHECK("stock_requests"."amount" > 0),
	CONSTRAINT "stock_requests_status" CHECK("stock_requests"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "stock_requests_note" CHECK(coalesce(length("stock_requests"."note"), 0) <= 500),
	CONSTRAINT "stock_requests_reason" CHECK(coalesce(length("stock_requests"."reason"), 0) <= 500),
	CONSTRAINT "stock_requests_decided" CHECK(("stock_requests"."status" = 'pending') = ("stock_requests"."decided_at" is null and "stock_requests"."decided_by" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_requests_key` ON `stock_requests` (`retailer_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `stock_requests_one_pending` ON `stock_requests` (`retailer_id`) WHERE "stock_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `stock_requests_status` ON `stock_requests` (`status`,`created_at`);