-- Reach: what the feeds, alerts and partner items did, per day, never per person. Written in batches by
-- every instance; no address, User-Agent or subscriber id is ever stored here.

-- Counts that add up over the day across instances (feed answers, bytes, client families, mail sent,
-- confirmations…) and levels that are the day's latest figure (alerts by state…). feed is the feed's
-- path, or '' when the figure is not a feed's; label says which part ('' for none).
CREATE TABLE reach_count (
    on_day     DATE          NOT NULL,
    metric  VARCHAR(40)   NOT NULL,
    feed    VARCHAR(300)  NOT NULL,
    label   VARCHAR(200)  NOT NULL,
    n       BIGINT        NOT NULL,
    PRIMARY KEY (on_day, metric, feed, label)
);

-- The subscriber count an aggregator stated in its User-Agent for a feed, its latest of the day.
CREATE TABLE reach_stated (
    on_day          DATE          NOT NULL,
    feed         VARCHAR(300)  NOT NULL,
    aggregator   VARCHAR(60)   NOT NULL,
    subscribers  BIGINT        NOT NULL,
    stated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (on_day, feed, aggregator)
);

-- Distinct direct readers per feed and day ('' for all feeds): an HLL sketch (Apache DataSketches), the
-- union of every instance's. It holds no hash, address or User-Agent, only register values.
CREATE TABLE reach_sketch (
    on_day     DATE          NOT NULL,
    feed    VARCHAR(300)  NOT NULL,
    sketch  BYTEA         NOT NULL,
    PRIMARY KEY (on_day, feed)
);

-- The day's key of the readers' hash, shared by the instances so that one reader is one reader; deleted
-- once its day is over, so no hash of a past day can be made again.
CREATE TABLE reach_key (
    on_day         DATE         PRIMARY KEY,
    secret      VARCHAR(100) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
