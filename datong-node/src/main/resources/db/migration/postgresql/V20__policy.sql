-- Sharing policy: partners, agreements, grades, pseudonyms, learned markings, review queue.
CREATE TABLE policy_partner (
    name          TEXT PRIMARY KEY,
    identity_id   TEXT NOT NULL UNIQUE,
    jurisdiction  TEXT NOT NULL,
    sector        TEXT,
    public_key    TEXT,
    created_at    TEXT NOT NULL
);

CREATE TABLE policy_agreement (
    id             TEXT PRIMARY KEY,
    partner        TEXT NOT NULL REFERENCES policy_partner(name),
    direction      TEXT NOT NULL,
    collections    TEXT NOT NULL,
    object_types   TEXT NOT NULL,
    max_tlp        TEXT NOT NULL,
    max_grade      TEXT NOT NULL,
    personal_data  TEXT NOT NULL,
    relay_allowed  INTEGER NOT NULL,
    review_grades  TEXT NOT NULL,
    valid_from     TEXT,
    valid_until    TEXT,
    state          TEXT NOT NULL,
    pseudonym_key  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX policy_agreement_partner ON policy_agreement(partner);

CREATE TABLE policy_collection_grade (
    collection_id TEXT PRIMARY KEY,
    grade         TEXT NOT NULL
);

CREATE TABLE policy_object_grade (
    object_id TEXT PRIMARY KEY,
    grade     TEXT NOT NULL
);

CREATE TABLE policy_individual (
    identity_id TEXT PRIMARY KEY
);

CREATE TABLE policy_pseudonym (
    agreement_id TEXT NOT NULL,
    original_id  TEXT NOT NULL,
    pseudonym_id TEXT NOT NULL,
    PRIMARY KEY (agreement_id, original_id)
);

CREATE TABLE policy_marking (
    id   TEXT PRIMARY KEY,
    json TEXT NOT NULL
);

CREATE TABLE policy_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE policy_review (
    id             BIGINT PRIMARY KEY,
    created_at     TEXT NOT NULL,
    partner        TEXT NOT NULL,
    collection_id  TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    object_version TEXT,
    object_type    TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    object_json    TEXT NOT NULL,
    rules          TEXT NOT NULL,
    explanation    TEXT NOT NULL,
    state          TEXT NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT,
    note           TEXT,
    UNIQUE (partner, object_id, content_hash)
);
CREATE INDEX policy_review_state ON policy_review(state);
