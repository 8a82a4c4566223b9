CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`keyed_from` integer NOT NULL,
	`at` integer NOT NULL,
	`signature` text NOT NULL,
	CONSTRAINT "audit_checkpoints_one" CHECK("audit_checkpoints"."id" = 1)
);
