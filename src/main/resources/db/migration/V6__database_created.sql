-- When this database was created (or upgraded to this version): a feed that has never held anything is dated by
-- it, the same on every instance and after every restart, instead of 1970.
CREATE TABLE quipu_database (
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO quipu_database (created_at) VALUES (CURRENT_TIMESTAMP);
