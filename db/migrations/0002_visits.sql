CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`outlet_id` text NOT NULL,
	`manager_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`accuracy_m` real NOT NULL,
	`recorded_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`branding_visible` integer NOT NULL,
	`price_list_shown` integer NOT NULL,
	`float_sufficient` integer NOT NULL,
	`records_kept` integer NOT NULL,
	`pin_private` integer NOT NULL,
	`no_complaints` integer NOT NULL,
	`note` text,
	`photo` text,
	`shop_confirmed` integer NOT NULL,
	`distance_m` integer,
	FOREIGN KEY (`outlet_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visits_lat" CHECK("visits"."lat" between -90 and 90),
	CONSTRAINT "visits_lng" CHECK("visits"."lng" between -180 and 180),
	CONSTRAINT "visits_accuracy" CHECK("visits"."accuracy_m" > 0),
	CONSTRAINT "visits_checklist" CHECK("visits"."branding_visible" in (0, 1) and "visits"."price_list_shown" in (0, 1) and "visits"."float_sufficient" in (0, 1) and "visits"."records_kept" in (0, 1) and "visits"."pin_private" in (0, 1) and "visits"."no_complaints" in (0, 1)),
	CONSTRAINT "visits_shop_confirmed" CHECK("visits"."shop_confirmed" in (0, 1)),
	CONSTRAINT "visits_distance" CHECK(coalesce("visits"."distance_m", 0) >= 0),
	CONSTRAINT "visits_photo" CHECK("visits"."photo" is null or ("visits"."photo" like 'data:image/jpeg%base64,%' and length("visits"."photo") <= 409623)),
	CONSTRAINT "visits_note" CHECK(coalesce(length("visits"."note"), 0) <= 2000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_manager_key` ON `visits` (`manager_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `visits_outlet_time` ON `visits` (`outlet_id`,`recorded_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `users` ADD `lng` real;--> statement-breakpoint
ALTER TABLE `users` ADD `visit_secret` text;