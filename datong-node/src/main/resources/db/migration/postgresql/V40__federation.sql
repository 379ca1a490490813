-- Federation: the peers this node syncs with, where each sync stands, and
-- how each peer is doing. A peer is named after the partner it belongs to.
CREATE TABLE fed_peer (
    name        TEXT    PRIMARY KEY,
    url         TEXT    NOT NULL,
    identity_id TEXT,
    public_key  TEXT    NOT NULL,
    collections TEXT    NOT NULL,
    inbox       TEXT,
    auth_kind   TEXT    NOT NULL,
    auth_user   TEXT,
    auth_secret TEXT,
    created     BIGINT  NOT NULL
);

-- Persisted sync positions: direction 'pull' keys a remote collection and
-- holds the last date_added received; 'push' keys a local collection and
-- holds the position of the last object the peer accepted.
CREATE TABLE fed_cursor (
    peer       TEXT    NOT NULL REFERENCES fed_peer(name) ON DELETE CASCADE,
    direction  TEXT    NOT NULL,
    collection TEXT    NOT NULL,
    position   TEXT    NOT NULL,
    updated    BIGINT  NOT NULL,
    PRIMARY KEY (peer, direction, collection)
);

-- Health of each peer, as shown by 'datong peer status'.
CREATE TABLE fed_peer_state (
    peer          TEXT    PRIMARY KEY REFERENCES fed_peer(name) ON DELETE CASCADE,
    last_success  BIGINT,
    last_error    TEXT,
    last_error_at BIGINT,
    failures      BIGINT  NOT NULL DEFAULT 0,
    received      BIGINT  NOT NULL DEFAULT 0,
    sent          BIGINT  NOT NULL DEFAULT 0,
    refused       BIGINT  NOT NULL DEFAULT 0
);
