-- Texts as character columns rather than large objects: H2 keeps a TEXT value over 256 characters
-- in separate LOB storage, which made every article write several writes (PostgreSQL stores both
-- alike). 1,000,000 characters is H2's longest; article bodies are limited to 500,000.
ALTER TABLE article ALTER COLUMN summary SET DATA TYPE VARCHAR(1000000);
ALTER TABLE article ALTER COLUMN body SET DATA TYPE VARCHAR(1000000);
ALTER TABLE article ALTER COLUMN body_html SET DATA TYPE VARCHAR(1000000);

-- The URL a source's state belongs to: when staff change a source's url, its validators, errors
-- and a 410 of the old address no longer apply.
ALTER TABLE partner_source ADD COLUMN url VARCHAR(2000);
