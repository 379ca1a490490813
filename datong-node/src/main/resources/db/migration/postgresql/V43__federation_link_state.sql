-- Health of each peer per direction ('push', 'pull'), as shown by
-- 'datong peer status' and /metrics. caught_up (pull only) is when a pull
-- last reached the end of every collection pulled from the peer.
CREATE TABLE fed_link_state (
    peer          TEXT    NOT NULL REFERENCES fed_peer(name) ON DELETE CASCADE,
    direction     TEXT    NOT NULL,
    last_success  BIGINT,
    last_error    TEXT,
    last_error_at BIGINT,
    caught_up     BIGINT,
    PRIMARY KEY (peer, direction)
);
