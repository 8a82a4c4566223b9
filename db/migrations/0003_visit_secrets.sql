-- DESIGN 10 "Proof of presence": every outlet has its own visit-code secret (160 bits,
-- hex), the existing ones from this migration, new ones from the trigger, whatever
-- code path inserts them.
UPDATE `users` SET `visit_secret` = lower(hex(randomblob(20)))
WHERE `role` = 'retailer' AND `visit_secret` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `users_visit_secret` AFTER INSERT ON `users`
WHEN NEW.role = 'retailer' AND NEW.visit_secret IS NULL
BEGIN
  UPDATE `users` SET `visit_secret` = lower(hex(randomblob(20))) WHERE `id` = NEW.id;
END;
--> statement-breakpoint
-- An outlet's location is both coordinates or neither, on the globe. A trigger rather
-- than a CHECK: adding a CHECK to users would make drizzle-kit rebuild the table.
CREATE TRIGGER `users_location_insert` BEFORE INSERT ON `users`
WHEN NOT ((NEW.lat IS NULL) = (NEW.lng IS NULL)
  AND coalesce(NEW.lat, 0) BETWEEN -90 AND 90 AND coalesce(NEW.lng, 0) BETWEEN -180 AND 180)
BEGIN
  SELECT RAISE(ABORT, 'outlet_location_invalid');
END;
--> statement-breakpoint
CREATE TRIGGER `users_location_update` BEFORE UPDATE OF `lat`, `lng` ON `users`
WHEN NOT ((NEW.lat IS NULL) = (NEW.lng IS NULL)
  AND coalesce(NEW.lat, 0) BETWEEN -90 AND 90 AND coalesce(NEW.lng, 0) BETWEEN -180 AND 180)
BEGIN
  SELECT RAISE(ABORT, 'outlet_location_invalid');
END;
