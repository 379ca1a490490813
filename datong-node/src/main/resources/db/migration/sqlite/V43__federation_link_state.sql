-- Health of each peer per direction ('push', 'pull'), as shown by
-- 'datong peer status' and /metrics. caught_up (pull only) is when a pull
-- last reached the end of every collection pulled from the peer.
CREATE TABLE fed_link_state (
    peer          TEXT    NOT NULL REFERENCES fed_peer(name) ON DELETE CASCADE,
    direction     TEXT    NOT NULL,
    last_success  INTEGER,
    last_error    TEXT,
    last_error_at INTEGER,
    caught_up     INTEGER,
    PRIMARY KEY (peer, direction)
);
