-- Several instances on one database (PostgreSQL).

-- Subscription requests per client address (an IPv4 address or an IPv6 /64) per clock hour, counted
-- by every instance together; rows older than two hours are deleted.
CREATE TABLE signup_count (
    client      VARCHAR(80) NOT NULL,
    hour_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    n           INTEGER     NOT NULL,
    PRIMARY KEY (client, hour_start)
);
CREATE INDEX signup_count_hour ON signup_count (hour_start);

-- The instances sharing this database: each says it is alive every 10 s. The live ones share
-- alerts.send-rate between them. Rows not seen for a day are deleted.
CREATE TABLE quipu_instance (
    id          VARCHAR(200) PRIMARY KEY,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
