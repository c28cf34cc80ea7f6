-- The team's shared truth: one append-only log of changes per workspace (SYNC-1).
-- Desktops read everything and write only through the SECURITY DEFINER functions below,
-- which record the database login that appended each row (the actor proof).

CREATE TABLE trellis_meta (
    key   text    PRIMARY KEY,
    value integer NOT NULL
);
INSERT INTO trellis_meta (key, value) VALUES ('protocol', 1), ('schema', 1);

CREATE TABLE trellis_workspaces (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    head          bigint      NOT NULL DEFAULT 0,
    genesis_head  bigint      NOT NULL,
    publisher     name        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE trellis_log (
    workspace_id  uuid        NOT NULL REFERENCES trellis_workspaces (id),
    seq           bigint      NOT NULL,
    op_id         uuid        NOT NULL UNIQUE,
    login         name        NOT NULL,
    envelope      text        NOT NULL,
    appended_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, seq)
);

-- Even the schema's owner cannot rewrite history by accident.
CREATE FUNCTION trellis_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the Trellis log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER trellis_log_append_only BEFORE UPDATE OR DELETE ON trellis_log
    FOR EACH ROW EXECUTE FUNCTION trellis_refuse_rewrite();
CREATE TRIGGER trellis_log_no_truncate BEFORE TRUNCATE ON trellis_log
    FOR EACH STATEMENT EXECUTE FUNCTION trellis_refuse_rewrite();

-- Writers of one workspace serialise on its row (a row lock, not an advisory lock), held
-- until the caller's transaction ends.
CREATE FUNCTION trellis_lock(ws uuid) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE h bigint;
BEGIN
    SELECT head INTO h FROM trellis_workspaces WHERE id = ws FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no Trellis workspace %', ws USING ERRCODE = 'no_data_found';
    END IF;
    RETURN h;
END $$;

-- Appends a batch at the log's end, all or nothing. `expected` must be the head the
-- caller integrated; an op id already in the log fails the whole batch (exactly once).
CREATE FUNCTION trellis_append(ws uuid, expected bigint, ids uuid[], envelopes text[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE h bigint;
DECLARE n bigint := coalesce(array_length(ids, 1), 0);
BEGIN
    SELECT head INTO h FROM trellis_workspaces WHERE id = ws FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no Trellis workspace %', ws USING ERRCODE = 'no_data_found';
    END IF;
    IF h <> expected THEN
        RAISE EXCEPTION 'the log moved on: head is %, not %', h, expected USING ERRCODE = 'serialization_failure';
    END IF;
    IF n <> coalesce(array_length(envelopes, 1), 0) THEN
        RAISE EXCEPTION 'ids and envelopes differ in length' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO trellis_log (workspace_id, seq, op_id, login, envelope)
        SELECT ws, h + t.ord, t.id, session_user, t.env
        FROM unnest(ids, envelopes) WITH ORDINALITY AS t(id, env, ord);
    UPDATE trellis_workspaces SET head = h + n WHERE id = ws;
    PERFORM pg_notify('trellis_log', ws::text);
    RETURN h + n;
END $$;

-- Creates a workspace with its published history, appended under the caller's login.
CREATE FUNCTION trellis_publish(ws uuid, ws_name text, ids uuid[], envelopes text[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE n bigint := coalesce(array_length(ids, 1), 0);
BEGIN
    INSERT INTO trellis_workspaces (id, name, head, genesis_head, publisher)
        VALUES (ws, ws_name, n, n, session_user);
    INSERT INTO trellis_log (workspace_id, seq, op_id, login, envelope)
        SELECT ws, t.ord, t.id, session_user, t.env
        FROM unnest(ids, envelopes) WITH ORDINALITY AS t(id, env, ord);
    RETURN n;
END $$;

-- Managers' logins are members of trellis_client: they read, and write only through the
-- functions. (Creating the role needs CREATEROLE; a DBA may create it beforehand.)
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trellis_client') THEN
        CREATE ROLE trellis_client NOLOGIN;
    END IF;
END $$;
REVOKE ALL ON trellis_meta, trellis_workspaces, trellis_log FROM PUBLIC;
REVOKE ALL ON FUNCTION trellis_lock(uuid), trellis_append(uuid, bigint, uuid[], text[]),
    trellis_publish(uuid, text, uuid[], text[]) FROM PUBLIC;
GRANT SELECT ON trellis_meta, trellis_workspaces, trellis_log TO trellis_client;
GRANT EXECUTE ON FUNCTION trellis_lock(uuid), trellis_append(uuid, bigint, uuid[], text[]),
    trellis_publish(uuid, text, uuid[], text[]) TO trellis_client;
