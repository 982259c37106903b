-- Partner items live in the article table beside PSG's own (origin 'partner'), with the sources
-- they were found in, how much of them may be republished, and their canonical link, by which the
-- same story reached through two sources is stored once. Written for both H2 2.x and PostgreSQL 14+.

ALTER TABLE article ADD COLUMN partner_link VARCHAR(2000);
ALTER TABLE article ADD COLUMN sources VARCHAR(2000);      -- source ids, space-separated, first finder first
ALTER TABLE article ADD COLUMN reuse VARCHAR(16);          -- 'excerpt' or 'full'
CREATE UNIQUE INDEX article_partner_link ON article (partner_link);

-- One partner source's feed (/feeds/partners/{source}) is one index range scan, as for tags.
CREATE TABLE article_source (
    article_id  BIGINT       NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    source      VARCHAR(64)  NOT NULL,
    origin      VARCHAR(16)  NOT NULL,
    published   TIMESTAMP WITH TIME ZONE NOT NULL,
    slug        VARCHAR(120) NOT NULL,
    PRIMARY KEY (article_id, source)
);
CREATE INDEX article_source_newest ON article_source (source, published DESC, slug);

-- Each source's own key of an item (a digest of its guid, else its normalised link, else its
-- content) → our article; the content digest tells an edited item from an unchanged one.
CREATE TABLE partner_item (
    source        VARCHAR(64) NOT NULL,
    item_key      VARCHAR(64) NOT NULL,
    article_id    BIGINT      NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    content_hash  VARCHAR(64) NOT NULL,
    first_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, item_key)
);
CREATE INDEX partner_item_article ON partner_item (article_id);

-- Items dated in the future, held until their date arrives.
CREATE TABLE partner_held (
    source     VARCHAR(64) NOT NULL,
    item_key   VARCHAR(64) NOT NULL,
    due_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    payload    TEXT        NOT NULL,
    PRIMARY KEY (source, item_key)
);
CREATE INDEX partner_held_due ON partner_held (due_at);

-- Each source's polling state and health, shared by every instance.
-- url: the address these validators and this health belong to; when staff change a source's url,
-- its validators, errors and a 410 of the old address no longer apply.
CREATE TABLE partner_source (
    id                  VARCHAR(64) PRIMARY KEY,
    url                 VARCHAR(2000),
    etag                VARCHAR(1000),
    last_modified       VARCHAR(200),
    last_fetch_at       TIMESTAMP WITH TIME ZONE,
    last_status         INTEGER,
    last_error          VARCHAR(2000),
    items_last          INTEGER     NOT NULL DEFAULT 0,
    last_new_item_at    TIMESTAMP WITH TIME ZONE,
    consecutive_errors  INTEGER     NOT NULL DEFAULT 0,
    failing_since       TIMESTAMP WITH TIME ZONE,
    next_check_at       TIMESTAMP WITH TIME ZONE,
    gone                BOOLEAN     NOT NULL DEFAULT FALSE,
    yielded_items       BOOLEAN     NOT NULL DEFAULT FALSE,
    failure_notified    BOOLEAN     NOT NULL DEFAULT FALSE,
    empty_notified      BOOLEAN     NOT NULL DEFAULT FALSE,
    lease_owner         VARCHAR(100),
    lease_until         TIMESTAMP WITH TIME ZONE
);

-- Texts as character columns rather than large objects: H2 keeps a TEXT value over 256 characters
-- in separate LOB storage, which made every article write several writes (PostgreSQL stores both
-- alike). 1,000,000 characters is H2's longest; article bodies are limited to 500,000.
ALTER TABLE article ALTER COLUMN summary SET DATA TYPE VARCHAR(1000000);
ALTER TABLE article ALTER COLUMN body SET DATA TYPE VARCHAR(1000000);
ALTER TABLE article ALTER COLUMN body_html SET DATA TYPE VARCHAR(1000000);
