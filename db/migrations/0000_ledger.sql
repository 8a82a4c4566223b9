CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`no_overdraft` integer DEFAULT 0 NOT NULL,
	`debits_posted` integer DEFAULT 0 NOT NULL,
	`credits_posted` integer DEFAULT 0 NOT NULL,
	`debits_pending` integer DEFAULT 0 NOT NULL,
	`credits_pending` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "accounts_kind" CHECK("accounts"."kind" in ('wallet', 'commission', 'settlement', 'funding', 'commission_pool')),
	CONSTRAINT "accounts_non_negative" CHECK("accounts"."debits_posted" >= 0 and "accounts"."credits_posted" >= 0 and "accounts"."debits_pending" >= 0 and "accounts"."credits_pending" >= 0),
	CONSTRAINT "wallet_not_overdrawn" CHECK("accounts"."no_overdraft" = 0 or "accounts"."debits_posted" + "accounts"."debits_pending" <= "accounts"."credits_posted")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_user_kind` ON `accounts` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_role` text,
	`action` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_prev_hash_unique` ON `audit_log` (`prev_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_hash_unique` ON `audit_log` (`hash`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`,`seq`);--> statement-breakpoint
CREATE TABLE `commission_rates` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text,
	`operator` text,
	`bps` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commission_rates_bps" CHECK("commission_rates"."bps" between 0 and 10000),
	CONSTRAINT "commission_rates_target" CHECK(("commission_rates"."product_id" is null) <> ("commission_rates"."operator" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commission_rates_product` ON `commission_rates` (`product_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `commission_rates_operator` ON `commission_rates` (`operator`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`retailer_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`sale_id` text,
	`rejection_status` integer,
	`rejection_code` text,
	`rejection_message` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`retailer_id`, `key`),
	FOREIGN KEY (`retailer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "idempotency_keys_outcome" CHECK(("idempotency_keys"."sale_id" is null) <> ("idempotency_keys"."rejection_code" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_sale_id_unique` ON `idempotency_keys` (`sale_id`);--> statement-breakpoint
CREATE TABLE `outlet_days` (
	`retailer_id` text NOT NULL,
	`day` text NOT NULL,
	`total` integer NOT NULL,
	`daily_limit` integer NOT NULL,
	PRIMARY KEY(`retailer_id`, `day`),
	FOREIGN KEY (`retailer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "daily_limit_not_exceeded" CHECK("outlet_days"."total" >= 0 and "outlet_days"."total" <= "outlet_days"."daily_limit")
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`operator` text NOT NULL,
	`name` text NOT NULL,
	`prefixes` text NOT NULL,
	`denominations` text NOT NULL,
	`active` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_operator` ON `products` (`operator`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);--> statement-breakpoint
CREATE TABLE `sales` (
	`id` text PRIMARY KEY NOT NULL,
	`retailer_id` text NOT NULL,
	`msisdn` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`product_id` text NOT NULL,
	`operator` text NOT NULL,
	`status` text NOT NULL,
	`commission` integer NOT NULL,
	`channel` text DEFAULT 'app' NOT NULL,
	`carrier_ref` text,
	`failure_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`resolve_after` integer NOT NULL,
	FOREIGN KEY (`retailer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sales_amount" CHECK("sales"."amount" > 0),
	CONSTRAINT "sales_commission" CHECK("sales"."commission" >= 0 and "sales"."commission" <= "sales"."amount"),
	CONSTRAINT "sales_status" CHECK("sales"."status" in ('pending', 'unknown', 'succeeded', 'failed', 'reversed'))
);
--> statement-breakpoint
CREATE INDEX `sales_retailer` ON `sales` (`retailer_id`,`id`);--> statement-breakpoint
CREATE INDEX `sales_retailer_time` ON `sales` (`retailer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `sales_open` ON `sales` (`status`,`resolve_after`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`refresh_hash` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_refresh_hash_unique` ON `sessions` (`refresh_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`debit_account_id` text NOT NULL,
	`credit_account_id` text NOT NULL,
	`amount` integer NOT NULL,
	`kind` text NOT NULL,
	`sale_id` text,
	`pending_id` integer,
	`reference` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`debit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfers_amount" CHECK("transfers"."amount" > 0),
	CONSTRAINT "transfers_accounts" CHECK("transfers"."debit_account_id" <> "transfers"."credit_account_id"),
	CONSTRAINT "transfers_kind" CHECK("transfers"."kind" in ('hold', 'post', 'void', 'commission', 'funding', 'reversal', 'commission_reversal', 'stock')),
	CONSTRAINT "transfers_two_phase" CHECK(("transfers"."kind" in ('post', 'void')) = ("transfers"."pending_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_reference_unique` ON `transfers` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_pending` ON `transfers` (`pending_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_sale_kind` ON `transfers` (`sale_id`,`kind`);--> statement-breakpoint
CREATE INDEX `transfers_debit` ON `transfers` (`debit_account_id`,`id`);--> statement-breakpoint
CREATE INDEX `transfers_credit` ON `transfers` (`credit_account_id`,`id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`email` text,
	`secret_hash` text NOT NULL,
	`region_id` text,
	`distributor_id` text,
	`frozen` integer DEFAULT 0 NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`min_sale` integer,
	`max_sale` integer,
	`daily_limit` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role" CHECK("users"."role" in ('retailer', 'distributor', 'manager', 'admin')),
	CONSTRAINT "users_login" CHECK("users"."phone" is not null or "users"."email" is not null),
	CONSTRAINT "users_frozen" CHECK("users"."frozen" in (0, 1)),
	CONSTRAINT "users_limits" CHECK(coalesce("users"."min_sale", 1) > 0 and coalesce("users"."max_sale", 1) > 0 and coalesce("users"."daily_limit", 0) >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);