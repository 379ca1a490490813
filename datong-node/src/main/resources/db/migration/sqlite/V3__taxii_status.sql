-- TAXII status resources of POSTed envelopes (TAXII 2.1 section 4.3.1).
CREATE TABLE taxii_status (
    id                TEXT    PRIMARY KEY,
    coll              TEXT    NOT NULL,
    owner             TEXT,
    request_timestamp TEXT    NOT NULL,
    total_count       INTEGER NOT NULL,
    success_count     INTEGER NOT NULL,
    failure_count     INTEGER NOT NULL,
    pending_count     INTEGER NOT NULL,
    details           TEXT    NOT NULL,
    created           INTEGER NOT NULL
);
