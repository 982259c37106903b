-- Partner items staff hid (moderation): each source's key of the item and the story's canonical link, with why.
-- A poll never stores them again, from their source or any other, even once the hidden article itself has been
-- deleted for good; showing the article again deletes its rows.
CREATE TABLE partner_hidden (
    source       VARCHAR(64)   NOT NULL,
    item_key     VARCHAR(64)   NOT NULL,
    article_slug VARCHAR(200)  NOT NULL,
    link         VARCHAR(2000),
    reason       VARCHAR(1000) NOT NULL,
    hidden_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, item_key)
);
CREATE INDEX partner_hidden_slug ON partner_hidden (article_slug);
CREATE INDEX partner_hidden_link ON partner_hidden (link);
