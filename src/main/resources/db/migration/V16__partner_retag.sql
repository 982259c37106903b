-- The topics and regions staff gave a partner item (moderation): every later poll keeps them instead of the ones
-- the item's words would give it. Space-separated slugs, like article.topics.
CREATE TABLE partner_retag (
    article_id  BIGINT        NOT NULL PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
    topics      VARCHAR(2000) NOT NULL,
    regions     VARCHAR(2000) NOT NULL,
    retagged_at TIMESTAMP WITH TIME ZONE NOT NULL
);
