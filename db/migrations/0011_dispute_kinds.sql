PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_accounts` (
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
	CONSTRAINT "accounts_kind" CHECK("__new_accounts"."kind" in ('wallet', 'commission', 'settlement', 'funding', 'commission_pool', 'dispute_losses')),
	CONSTRAINT "accounts_non_negative" CHECK("__new_accounts"."debits_posted" >= 0 and "__new_accounts"."credits_posted" >= 0 and "__new_accounts"."debits_pending" >= 0 and "__new_accounts"."credits_pending" >= 0),
	CONSTRAINT "wallet_not_overdrawn" CHECK("__new_accounts"."no_overdraft" = 0 or "__new_accounts"."debits_posted" + "__new_accounts"."debits_pending" <= "__new_accounts"."credits_posted")
);
--> statement-breakpoint
INSERT INTO `__new_accounts`("id", "user_id", "kind", "currency", "no_overdraft", "debits_posted", "credits_posted", "debits_pending", "credits_pending") SELECT "id", "user_id", "kind", "currency", "no_overdraft", "debits_posted", "credits_posted", "debits_pending", "credits_pending" FROM `accounts`;--> statement-breakpoint
DROP TABLE `accounts`;--> statement-breakpoint
ALTER TABLE `__new_accounts` RENAME TO `accounts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_user_kind` ON `accounts` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `__new_transfers` (
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
	CONSTRAINT "transfers_amount" CHECK("__new_transfers"."amount" > 0),
	CONSTRAINT "transfers_accounts" CHECK("__new_transfers"."debit_account_id" <> "__new_transfers"."credit_account_id"),
	CONSTRAINT "transfers_kind" CHECK("__new_transfers"."kind" in ('hold', 'post', 'void', 'commission', 'funding', 'reversal', 'commission_reversal', 'stock', 'dispute_refund')),
	CONSTRAINT "transfers_two_phase" CHECK(("__new_transfers"."kind" in ('post', 'void')) = ("__new_transfers"."pending_id" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_transfers`("id", "debit_account_id", "credit_account_id", "amount", "kind", "sale_id", "pending_id", "reference", "created_at") SELECT "id", "debit_account_id", "credit_account_id", "amount", "kind", "sale_id", "pending_id", "reference", "created_at" FROM `transfers`;--> statement-breakpoint
DROP TABLE `transfers`;--> statement-breakpoint
ALTER TABLE `__new_transfers` RENAME TO `transfers`;--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_reference_unique` ON `transfers` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_pending` ON `transfers` (`pending_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_sale_kind` ON `transfers` (`sale_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_sale_refund` ON `transfers` (`sale_id`) WHERE "transfers"."kind" in ('reversal', 'dispute_refund');--> statement-breakpoint
CREATE INDEX `transfers_debit` ON `transfers` (`debit_account_id`,`id`);--> statement-breakpoint
CREATE INDEX `transfers_credit` ON `transfers` (`credit_account_id`,`id`);