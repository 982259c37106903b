-- Photos and documents kept as files under feeds/media/ (issue 13): which file became which upload, and the SHA-256 of
-- the bytes it was made from, so that a file seen again unchanged (after a restart, or by another instance) is not
-- checked and resized again. The upload itself is an ordinary row of media; it stays when its file goes.
CREATE TABLE media_source (
    path            VARCHAR(1000) PRIMARY KEY,   -- relative to the media directory, with '/'
    media_id        BIGINT        NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    content_sha256  CHAR(64)      NOT NULL,
    imported_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
