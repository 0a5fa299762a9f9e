/**
 * The tables of the PostgreSQL record store (client/records/postgres-store.ts), in their own
 * database (`kiemtra` on the cluster's PostgreSQL). Run by the database's owner, never by the
 * application: the application's role only gets SELECT and INSERT, and a trigger refuses UPDATE,
 * DELETE and TRUNCATE to everyone, owner included, so a record once written stays as written.
 * Only a superuser who switches triggers off can change a row, and `verify` then finds it.
 *
 * - `records`: one row per recorded run, the record's canonical JSON (domain/records.ts) as text,
 *   so its hash is recomputed from exactly what was stored.
 * - `chain`: one row per chain entry, every field of the entry in its own column (an entry is
 *   rebuilt from them, so a changed column breaks the entry's hash).
 *
 * Idempotent: `npm run cluster` runs it at every start.
 */
export function recordsSchemaSql(appRole: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole)) throw new Error(`not a plain role name: ${appRole}`);
  return `
CREATE TABLE IF NOT EXISTS records (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (workflow_id, run_id)
);
CREATE TABLE IF NOT EXISTS chain (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  workflow_type text NOT NULL,
  status text NOT NULL,
  close_time text NOT NULL,
  parent_workflow_id text,
  recorded_at text NOT NULL,
  record_hash text NOT NULL,
  prev_hash text NOT NULL,
  entry_hash text NOT NULL,
  UNIQUE (workflow_id, run_id)
);
CREATE INDEX IF NOT EXISTS chain_parent ON chain (parent_workflow_id);
CREATE INDEX IF NOT EXISTS chain_type ON chain (workflow_type);
CREATE OR REPLACE FUNCTION kiemtra_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kiemtra records are write-once: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER records_write_once BEFORE UPDATE OR DELETE ON records
  FOR EACH ROW EXECUTE FUNCTION kiemtra_write_once();
CREATE OR REPLACE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
  FOR EACH STATEMENT EXECUTE FUNCTION kiemtra_write_once();
CREATE OR REPLACE TRIGGER chain_write_once BEFORE UPDATE OR DELETE ON chain
  FOR EACH ROW EXECUTE FUNCTION kiemtra_write_once();
CREATE OR REPLACE TRIGGER chain_no_truncate BEFORE TRUNCATE ON chain
  FOR EACH STATEMENT EXECUTE FUNCTION kiemtra_write_once();
REVOKE ALL ON records, chain FROM PUBLIC;
GRANT SELECT, INSERT ON records, chain TO ${appRole};
`;
}
