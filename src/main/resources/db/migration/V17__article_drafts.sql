-- Drafts and scheduled articles are kept out of every feed, page and search like removed ones (removed_at set), with
-- removed_why 'draft' or 'scheduled'; a scheduled one goes out when its published time comes (the instance that takes
-- its row first releases it). never_public: it has not been public yet, so it is queued for alerts when it first is.
ALTER TABLE article ADD COLUMN never_public BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX article_held ON article (removed_why, published);
