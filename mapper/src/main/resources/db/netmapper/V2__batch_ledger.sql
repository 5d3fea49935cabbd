-- schema 2: the batch ledger (which report batches each reporter instance has had applied),
-- written in the same transaction as the edges a batch changed, so a retried batch is applied
-- once across restarts; and an index for namespace filters.
CREATE TABLE netmapper_batches (
  reporter VARCHAR(1024) NOT NULL PRIMARY KEY,
  watermark BIGINT NOT NULL,
  above BYTEA NOT NULL,
  touched_millis BIGINT NOT NULL
);
CREATE INDEX netmapper_edges_client_namespace ON netmapper_edges (client_namespace);
