-- The hash-chained ledger of every crossing and policy change.
CREATE TABLE ledger_entry (
    seq            BIGINT PRIMARY KEY,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    partner        TEXT,
    object_id      TEXT,
    object_version TEXT,
    object_type    TEXT,
    content_hash   TEXT,
    tlp            TEXT,
    grade          TEXT,
    rules          TEXT NOT NULL,
    detail         TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX ledger_entry_partner ON ledger_entry(partner, at);

-- The last entry's number and hash, updated in the same transaction as each append,
-- so that cutting entries off the end is detected.
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
