-- Retro-hunt: every distinct observable seen in telemetry, with when it was
-- first and last seen and how often, for the configured window (rows last
-- seen before it are pruned) and up to the configured number of rows.
-- kind is a small code (see SeenStore); property is the STIX path of an
-- 'other' observable and '' for the rest; value is canonical. The key is the
-- table (WITHOUT ROWID): one B-tree, no second copy of the value.
CREATE TABLE detect_seen (
    kind       INTEGER NOT NULL,
    property   TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    seen_count INTEGER NOT NULL,
    PRIMARY KEY (kind, property, value)
) WITHOUT ROWID;

-- Per watched collection, the date_added up to which its indicators have
-- been retro-hunted: newer ones found at start-up (imported while the node
-- was stopped, or stored after the last rebuild) are hunted then.
CREATE TABLE detect_hunted (
    collection    TEXT    PRIMARY KEY,
    added_through INTEGER NOT NULL
);
