import type { Migration } from '../migration';

/**
 * The room: machines enrolled as nodes, each with its role and its own credential (only a hash
 * is kept), the one-time codes that enroll them, and leaders' wall requests waiting for an
 * operator. A node's last heartbeat is kept as JSON: the console shows it as it came.
 */
export const migration011: Migration = {
  version: 11,
  name: 'room: nodes, enrollment codes, wall requests',
  up(db) {
    db.exec(`
      CREATE TABLE nodes (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('wall', 'console', 'kiosk')),
        credential_hash TEXT UNIQUE,          -- sha256 of the credential; NULL until enrolled
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        enrolled_at     TEXT,
        revoked_at      TEXT,
        last_seen_at    TEXT,
        heartbeat       TEXT                  -- the last NodeHeartbeat as JSON
      ) STRICT;

      CREATE TABLE enrollment_codes (
        code_hash  TEXT PRIMARY KEY,          -- sha256 of the normalised code
        node_id    TEXT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL,
        used_at    TEXT
      ) STRICT;
      CREATE INDEX enrollment_codes_node ON enrollment_codes (node_id);

      CREATE TABLE wall_requests (
        id         TEXT PRIMARY KEY,
        node_id    TEXT,                      -- the kiosk that asked (NULL: the host's own pages)
        node_name  TEXT NOT NULL,
        domain     TEXT NOT NULL,
        area_id    TEXT,
        note       TEXT,
        layout     TEXT NOT NULL,             -- the Layout to show, built by the host
        state      TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'expired')),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        decision_note TEXT
      ) STRICT;
      CREATE INDEX wall_requests_state ON wall_requests (state, created_at);
    `);
  },
};
