-- netmapper durable map, schema 1: one row per edge (client -> server, by type).
-- body: EdgeCodec's binary form (format byte first). SQL shared by H2 and PostgreSQL.
CREATE TABLE netmapper_edges (
  edge_key VARCHAR(4096) NOT NULL PRIMARY KEY,
  client_namespace VARCHAR(253) NOT NULL,
  last_seen_millis BIGINT NOT NULL,
  body BYTEA NOT NULL
);
