-- Users of the node, their groups and API tokens. Secrets are stored only as
-- hashes: passwords with PBKDF2 (salt and iterations in the text), tokens
-- with SHA-256 (they are long random strings).
CREATE TABLE account (
    name          TEXT    PRIMARY KEY,
    password_hash TEXT,
    created       INTEGER NOT NULL
);
CREATE TABLE account_group (
    account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
    grp     TEXT NOT NULL,
    PRIMARY KEY (account, grp)
);
CREATE TABLE api_token (
    id          TEXT    PRIMARY KEY,
    account     TEXT    NOT NULL REFERENCES account(name) ON DELETE CASCADE,
    secret_hash TEXT    NOT NULL,
    label       TEXT,
    created     INTEGER NOT NULL
);
