-- 0058_import_inline: a department extract's typed rows built inline and
-- written in the order of the person index.
--
-- data_value_json (0018_department_data.sql) was declared IMMUTABLE around
-- to_jsonb, which is only STABLE, so the planner never inlined it: each
-- value of each row was a SQL-function call of its own (about 30
-- microseconds; 200,000 rows: 6.6 s, inlined 2.4 s).  Declared STABLE,
-- which is what it is, it is inlined; it is used nowhere an IMMUTABLE
-- function is required.
-- data_import_finish (body of 0052_import_speed.sql, its newest definition,
-- otherwise unchanged) inserts the rows sorted by resident ID, so that the
-- person index of a table of millions of rows is written page after page
-- instead of at random (200,000 rows into 4,000,000: 17.2 s -> 11.7 s, load
-- 13 on 2 cores), and has the memory for that sort and the duplicate
-- check's (work_mem for its own run).
ALTER FUNCTION onedoor.data_value_json(text, text) STABLE;

CREATE OR REPLACE FUNCTION onedoor.data_import_finish(p_request_id uuid, p_source text, p_as_of date,
					   p_file_name text, p_sha256 text)
RETURNS TABLE (line integer, column_name text, fault text, detail text, batch_id bigint,
	       row_count integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp SET work_mem = '256MB' AS $$
#variable_conflict use_column
DECLARE
	s onedoor.data_sources;
	prev jsonb;
	checks text := '';
	keys text;
	obj text := '';
	n integer;
	b bigint;
BEGIN
	prev := onedoor.request_begin(p_request_id, 'data_import');
	IF prev IS NOT NULL THEN
		RETURN QUERY SELECT NULL::int, NULL::text, NULL::text, NULL::text,
			(prev->>'batch_id')::bigint, (prev->>'row_count')::int;
		RETURN;
	END IF;
	SELECT * INTO s FROM onedoor.data_sources d WHERE d.code = p_source;
	IF NOT FOUND OR to_regclass('pg_temp.data_import_rows') IS NULL THEN
		RAISE EXCEPTION 'no load of "%" was begun in this transaction', p_source
			USING ERRCODE = '55000';
	END IF;
	IF p_as_of IS NULL OR p_as_of > onedoor.today() THEN
		RAISE EXCEPTION 'the as-of date must be given and not in the future'
			USING ERRCODE = '22023', HINT = 'as_of';
	END IF;
	-- One query over the staged rows: each column's check, and a window
	-- over the key columns for facts sent twice.
	FOR i IN 1 .. array_length(s.columns, 1) LOOP
		checks := checks || format(
			' UNION ALL SELECT r.line, %L, onedoor.data_value_fault(%L, r.c%s, $1), NULL'
			' FROM pg_temp.data_import_rows r', s.columns[i], s.types[i], i);
		obj := obj || format('%s%L, onedoor.data_value_json(%L, r.c%s)',
			CASE WHEN i > 1 THEN ', ' END, s.columns[i], s.types[i], i);
	END LOOP;
	SELECT string_agg(format('r.c%s', array_position(s.columns, k)), ', ')
	INTO keys FROM unnest(s.key_columns) k;
	RETURN QUERY EXECUTE format(
		'SELECT f.line, f.col, f.fault, f.detail, NULL::bigint, NULL::int FROM (%s
		   UNION ALL SELECT d.line, %L, ''duplicate'', d.first::text FROM (
			SELECT r.line, min(r.line) OVER (PARTITION BY %s) AS first
			FROM pg_temp.data_import_rows r) d WHERE d.line <> d.first
		 ) f(line, col, fault, detail) WHERE f.fault IS NOT NULL
		 ORDER BY f.line, f.col LIMIT 50',
		substr(checks, 12), array_to_string(s.key_columns, ','), keys)
		USING to_char(onedoor.today(), 'YYYY-MM-DD');
	IF FOUND THEN
		RETURN;
	END IF;

	SELECT count(*) INTO n FROM pg_temp.data_import_rows;
	INSERT INTO onedoor.data_batches (source, as_of, file_name, sha256, row_count, request_id)
	VALUES (s.code, p_as_of, p_file_name, lower(p_sha256), n, p_request_id)
	RETURNING id INTO b;
	-- In the person index's order: each of its pages is visited once,
	-- not once per row at random (the new batch's primary keys all go to
	-- the end of theirs whatever the order).
	EXECUTE format('INSERT INTO onedoor.data_rows (batch_id, line, resident_id, v)
		SELECT $1, r.line, r.c1, jsonb_build_object(%s)
		FROM pg_temp.data_import_rows r ORDER BY r.c1', obj) USING b;
	DROP TABLE pg_temp.data_import_rows;
	PERFORM onedoor.request_finish(p_request_id, 'data_import',
		jsonb_build_object('batch_id', b, 'row_count', n));
	PERFORM onedoor.audit_append('data_batch', b::text, 'import', NULL,
		(SELECT to_jsonb(x) FROM onedoor.data_batches x WHERE x.id = b), p_request_id);
	RETURN QUERY SELECT NULL::int, NULL::text, NULL::text, NULL::text, b, n;
END $$;
REVOKE ALL ON FUNCTION onedoor.data_import_finish(uuid, text, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.data_import_finish(uuid, text, date, text, text)
	TO onedoor_verifier, onedoor_admin;
