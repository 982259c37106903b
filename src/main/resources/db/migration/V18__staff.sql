-- Named staff: each signs in to the staff pages with a name and a password (Argon2id, in PHC string form).
-- Accounts are made with the command line (java -jar quipu.jar staff add NAME).
CREATE TABLE staff (
    name           VARCHAR(60)  NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(200) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    disabled       BOOLEAN      NOT NULL DEFAULT FALSE
);

-- Signed-in staff, one row per browser session, read by every instance. The id is the SHA-256 (hex) of the token
-- in the browser's cookie, never the token itself; csrf is the token every staff form must carry.
CREATE TABLE staff_session (
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    staff_name  VARCHAR(60) NOT NULL REFERENCES staff (name) ON DELETE CASCADE,
    csrf        VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX staff_session_staff ON staff_session (staff_name);
CREATE INDEX staff_session_expires ON staff_session (expires_at);
