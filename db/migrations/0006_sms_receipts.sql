-- DESIGN 6 (issue 10): on a sale's final status, whatever its channel, a receipt SMS to
-- the customer, and to the outlet for USSD and SMS sales. Queued in the same write that
-- settles the sale; the transition trigger lets only one write settle it, and the
-- UNIQUE (sale_id, audience) index keeps each receipt to one row whatever happens.
CREATE TRIGGER `sales_final_receipts` AFTER UPDATE OF `status` ON `sales`
WHEN OLD.status IN ('pending', 'unknown') AND NEW.status IN ('succeeded', 'failed')
BEGIN
  INSERT OR IGNORE INTO sms_messages (id, sale_id, audience, to_number, status, created_at, updated_at)
    VALUES (lower(hex(randomblob(16))), NEW.id, 'customer', NEW.msisdn, 'queued', NEW.updated_at, NEW.updated_at);
  INSERT OR IGNORE INTO sms_messages (id, sale_id, audience, to_number, status, created_at, updated_at)
    SELECT lower(hex(randomblob(16))), NEW.id, 'outlet', u.phone, 'queued', NEW.updated_at, NEW.updated_at
    FROM users u WHERE u.id = NEW.retailer_id AND u.phone IS NOT NULL AND NEW.channel IN ('ussd', 'sms');
END;
