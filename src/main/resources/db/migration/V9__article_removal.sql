-- A removed article is kept, out of every feed and page, for staff to restore (and for messages that already list
-- it), until the daily clean-up purges it after 30 days.
ALTER TABLE article ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE article ADD COLUMN removed_why VARCHAR(1000);
CREATE INDEX article_removed ON article (removed_at);

-- Article files a scan found missing but did not remove, because they were too many at once (an empty, unreadable or
-- half-synced folder): they stay published until staff confirm on /admin/articles, or the files come back.
CREATE TABLE article_removal_hold (
    slug         VARCHAR(120)  PRIMARY KEY,
    source_file  VARCHAR(1000) NOT NULL,
    held_since   TIMESTAMP WITH TIME ZONE NOT NULL
);
