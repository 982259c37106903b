-- The confirmation limits count a mailbox, not a spelling: address_key is the keyed hash (HMAC-SHA256 with the
-- 'addresses' secret, like address_hash) of the normalised address (case folded, +tag dropped, Gmail's dots
-- ignored), shared by every subscriber row that reaches the same mailbox. SQL cannot compute an HMAC, so rows
-- from before this migration are keyed by the application when it starts (SubscriptionService); until then they
-- count by themselves only.
ALTER TABLE subscriber ADD COLUMN address_key VARCHAR(64);
CREATE INDEX subscriber_address_key ON subscriber (address_key);
