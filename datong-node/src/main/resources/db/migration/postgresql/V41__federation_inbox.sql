-- Where the engine stands in the node's own collections that it processes
-- (the inbox peers push into): same position format as push cursors.
CREATE TABLE fed_local_cursor (
    collection TEXT    PRIMARY KEY,
    position   TEXT    NOT NULL,
    updated    BIGINT  NOT NULL
);
