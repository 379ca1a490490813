-- Collections and the objects in them (every version kept).
-- next_seq hands out the per-collection sequence that orders objects by date
-- added and backs the keyset cursors; last_added keeps date_added monotonic.
CREATE TABLE collection (
    ckey           BIGSERIAL PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL,
    description    TEXT,
    alias          TEXT,
    anonymous_read INTEGER NOT NULL DEFAULT 0,
    next_seq       BIGINT NOT NULL DEFAULT 1,
    last_added     BIGINT NOT NULL DEFAULT 0,
    created        BIGINT NOT NULL
);

-- Who may read or write a collection: a user name or 'group:NAME'.
CREATE TABLE collection_access (
    coll      BIGINT NOT NULL REFERENCES collection(ckey) ON DELETE CASCADE,
    principal TEXT    NOT NULL,
    can_read  INTEGER NOT NULL,
    can_write INTEGER NOT NULL,
    PRIMARY KEY (coll, principal)
);

-- One row per object version. version_key is the version normalised to a
-- fixed-width sortable text ('' for objects without created/modified);
-- json is the object's text exactly as stored, served without re-encoding.
CREATE TABLE stix_object (
    coll         BIGINT NOT NULL REFERENCES collection(ckey) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    object_id    TEXT    NOT NULL,
    version_key  TEXT    NOT NULL,
    version      TEXT,
    type         TEXT    NOT NULL,
    spec_version TEXT    NOT NULL,
    date_added   BIGINT NOT NULL,
    is_first     INTEGER NOT NULL,
    is_last      INTEGER NOT NULL,
    json         TEXT    NOT NULL
);
CREATE UNIQUE INDEX stix_object_seq ON stix_object (coll, seq);
CREATE UNIQUE INDEX stix_object_version ON stix_object (coll, object_id, version_key);
CREATE INDEX stix_object_added ON stix_object (coll, date_added, seq);
