-- Sign in anywhere: members' (and partner users') argon2id PHC strings travel here, never
-- in the log. Append-only; the database records which login wrote each row, and every
-- desktop accepts a row only from the person's own login or from a manager allowed to set
-- it (see trellis_core::sync::credential_writer_ok).

CREATE TABLE trellis_credentials (
    seq           bigserial   PRIMARY KEY,
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    kind          text        NOT NULL CHECK (kind IN ('member', 'contact')),
    subject       uuid        NOT NULL,
    phc           text        NOT NULL CHECK (phc LIKE '$argon2id$%'),
    must_change   boolean     NOT NULL,
    login         name        NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trellis_credentials_by_workspace ON trellis_credentials (workspace_id, seq);

CREATE TRIGGER trellis_credentials_append_only BEFORE UPDATE OR DELETE ON trellis_credentials
    FOR EACH ROW EXECUTE FUNCTION trellis_refuse_rewrite();
CREATE TRIGGER trellis_credentials_no_truncate BEFORE TRUNCATE ON trellis_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION trellis_refuse_rewrite();

CREATE FUNCTION trellis_put_credentials(ws uuid, kinds text[], subjects uuid[], phcs text[], flags boolean[])
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE last bigint;
BEGIN
    -- Writers of one workspace serialise here too, so positions follow commit order.
    PERFORM 1 FROM trellis_workspaces WHERE id = ws FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no Trellis workspace %', ws USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO trellis_credentials (workspace_id, kind, subject, phc, must_change, login)
        SELECT ws, t.k, t.s, t.p, t.f, session_user
        FROM unnest(kinds, subjects, phcs, flags) AS t(k, s, p, f);
    SELECT max(seq) INTO last FROM trellis_credentials WHERE workspace_id = ws;
    RETURN coalesce(last, 0);
END $$;

REVOKE ALL ON trellis_credentials FROM PUBLIC;
REVOKE ALL ON FUNCTION trellis_put_credentials(uuid, text[], uuid[], text[], boolean[]) FROM PUBLIC;
GRANT SELECT ON trellis_credentials TO trellis_client;
GRANT EXECUTE ON FUNCTION trellis_put_credentials(uuid, text[], uuid[], text[], boolean[]) TO trellis_client;

UPDATE trellis_meta SET value = 2 WHERE key = 'schema';
