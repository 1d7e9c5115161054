CREATE TABLE gamma (
    alpha_id BIGINT NOT NULL REFERENCES alpha (id),
    value BIGINT NOT NULL
);
