-- The slug of the same article in the other language, as its editor named it (issue 14: translations). Two of PSG's
-- articles are a pair when either names the other, so an article is also found by the slug others name: the index
-- serves "which articles name this one" for its page, its feed entries and the feeds that show one of a pair.
-- Revisions keep it too.
ALTER TABLE article ADD COLUMN translation VARCHAR(120);
CREATE INDEX article_translation ON article (translation);
ALTER TABLE article_revision ADD COLUMN translation VARCHAR(120);
