-- Identity (central/identity): users, their login sessions and the log of what happened to
-- them. Other modules point at users(id) (tokens.user_id, commands.requested_by).

CREATE TABLE users (
    id TEXT PRIMARY KEY,                 -- new_uuid()
    email TEXT NOT NULL UNIQUE,          -- stored lower-cased, so UNIQUE is case-insensitive
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,                  -- http::to_string(Role): "back_office_admin", ...
    password_hash TEXT NOT NULL,         -- Argon2id, encoded with its salt and cost
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    failed_logins INTEGER NOT NULL DEFAULT 0,  -- consecutive, since the last success or lock
    locked_until_ms BIGINT NULL,         -- set when failed_logins reached the limit
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    last_login_at_ms BIGINT NULL
);
CREATE INDEX users_role_status ON users (role, status);

-- A signed-in browser. The cookie holds a random value; only its SHA-256 is stored, so a copy
-- of the database (a backup, a replica) signs nobody in.
CREATE TABLE login_sessions (
    id TEXT PRIMARY KEY,                 -- lower-case hex SHA-256 of the cookie value
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    last_seen_at_ms BIGINT NOT NULL,     -- moved at most once a minute (IdentityOptions)
    expires_at_ms BIGINT NOT NULL,       -- created + absolute lifetime
    remote_address TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);
CREATE INDEX login_sessions_expires ON login_sessions (expires_at_ms);

-- Every login attempt and every change to an account, for support and security reviews.
-- Never a password or a cookie value.
CREATE TABLE identity_events (
    id {{id_pk}},
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,                  -- login_succeeded, login_failed, login_locked, ...
    user_id TEXT NULL REFERENCES users (id),  -- NULL for an email nobody has
    actor_id TEXT NULL REFERENCES users (id), -- who did it when not the user; NULL: the system
    email TEXT NOT NULL,                 -- as given at login (lower-cased, cut to 254 bytes)
    remote_address TEXT NOT NULL,
    detail TEXT NOT NULL                 -- JSON object
);
CREATE INDEX identity_events_user ON identity_events (user_id, at_ms);
CREATE INDEX identity_events_at ON identity_events (at_ms);
