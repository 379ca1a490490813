-- The collections that hold what each peer pushed into this node, one per
-- peer (the shared inbox address files each push there). Only collections
-- listed here are drained as inboxes; a collection that merely has a similar
-- name is shared like any other.
CREATE TABLE fed_inbox (
    collection TEXT    PRIMARY KEY,
    peer       TEXT    NOT NULL UNIQUE,
    created    INTEGER NOT NULL
);
