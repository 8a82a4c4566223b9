CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`keyed_from` integer NOT NULL,
	`at` integer NOT NULL,
	`signature` text NOT NULL,
	CONSTRAINT "audit_checkpoints_one" CHECK("audit_checkpoints"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `sms_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text,
	`audience` text NOT NULL,
	`to_number` text NOT NULL,
	`body` text,
	`status` text NOT NULL,
	`claim` text,
	`provider_id` text,
	`failure` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sms_messages_audience" CHECK("sms_messages"."audience" in ('customer', 'outlet', 'reply')),
	CONSTRAINT "sms_messages_status" CHECK("sms_messages"."status" in ('queued', 'sending', 'sent', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sms_messages_provider_id_unique` ON `sms_messages` (`provider_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sms_messages_sale_audience` ON `sms_messages` (`sale_id`,`audience`);--> statement-breakpoint
CREATE INDEX `sms_messages_status` ON `sms_messages` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sms_messages_claim` ON `sms_messages` (`claim`);--> statement-breakpoint
CREATE TABLE `ussd_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`state` text NOT NULL,
	`input_length` integer NOT NULL,
	`input_mac` text NOT NULL,
	`reply` text NOT NULL,
	`history` text NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ussd_sessions_expiry` ON `ussd_sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `locale` text;