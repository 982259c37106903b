-- Retention: what is kept how long (retention.* settings), applied by a daily clean-up that one
-- instance at a time runs, under the lease of its row here.
CREATE TABLE quipu_job (
    name         VARCHAR(64)  PRIMARY KEY,
    lease_owner  VARCHAR(200),
    lease_until  TIMESTAMP WITH TIME ZONE,
    last_done    TIMESTAMP WITH TIME ZONE   -- when the job last ran to the end
);
INSERT INTO quipu_job (name) VALUES ('clean-up');

-- the clean-up finds old rows by age
CREATE INDEX outbox_age ON outbox (created_at);
CREATE INDEX alert_match_age ON alert_match (matched_at);
CREATE INDEX alert_delivery_age ON alert_delivery (due_at);
CREATE INDEX consent_event_subscription ON consent_event (subscription_id, kind);
