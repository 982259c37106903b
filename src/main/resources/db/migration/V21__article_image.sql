-- An article's lead image: an upload (media.id) and what the article says of it (its alt text, caption and credit).
-- Revisions keep it too.
ALTER TABLE article ADD COLUMN image_media BIGINT;
ALTER TABLE article ADD COLUMN image_alt VARCHAR(2000);
ALTER TABLE article ADD COLUMN image_caption VARCHAR(4000);
ALTER TABLE article ADD COLUMN image_credit VARCHAR(800);
ALTER TABLE article_revision ADD COLUMN image_media BIGINT;
ALTER TABLE article_revision ADD COLUMN image_alt VARCHAR(2000);
ALTER TABLE article_revision ADD COLUMN image_caption VARCHAR(4000);
ALTER TABLE article_revision ADD COLUMN image_credit VARCHAR(800);
