CREATE TABLE `commission_plans` (
	`version` integer PRIMARY KEY NOT NULL,
	`effective_from` integer NOT NULL,
	`rates` text NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "commission_plans_version" CHECK("commission_plans"."version" > 0),
	CONSTRAINT "commission_plans_effective_from" CHECK("commission_plans"."effective_from" >= 0),
	CONSTRAINT "commission_plans_rates" CHECK(json_valid("commission_plans"."rates"))
);
--> statement-breakpoint
CREATE INDEX `commission_plans_effective` ON `commission_plans` (`effective_from`,`version`);