-- A test module's first migration: both macros, an index, a literal holding a semicolon.
CREATE TABLE alpha (
    id {{id_pk}},
    name TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL DEFAULT 'a; b',
    payload {{blob}},
    created_at BIGINT NOT NULL
);
CREATE INDEX alpha_created_at ON alpha (created_at);
