-- 0052_import_speed: department extracts of a million rows checked at the
-- speed of COPY, not of a PL/pgSQL call per value.
--
-- resident_id_valid (0001_base.sql) becomes one SQL expression, which the
-- planner inlines into set-based checks: the same rule (17 digits and the
-- MOD 11-2 check character, a birth date that exists), without a loop and
-- without resident_id_birth's exception block (a subtransaction per call).
-- It stays IMMUTABLE and gives NULL for NULL as the STRICT version did.
-- data_value_fault (0018_department_data.sql) takes the day of loading as a
-- parameter ('YYYY-MM-DD') instead of calling onedoor.today() per value,
-- and data_import_finish passes it once; its body holds only immutable
-- operations (no text-to-date cast, which is only stable), so that it is
-- inlined too: 36 -> under 2 microseconds a value.
CREATE OR REPLACE FUNCTION onedoor.resident_id_valid(id text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE
		WHEN id IS NULL THEN NULL
		WHEN id !~ '^[0-9]{17}[0-9X]$' THEN false
		WHEN substr('10X98765432', ((ascii(substr(id, 1, 1)) - 48) * 7
			+ (ascii(substr(id, 2, 1)) - 48) * 9 + (ascii(substr(id, 3, 1)) - 48) * 10
			+ (ascii(substr(id, 4, 1)) - 48) * 5 + (ascii(substr(id, 5, 1)) - 48) * 8
			+ (ascii(substr(id, 6, 1)) - 48) * 4 + (ascii(substr(id, 7, 1)) - 48) * 2
			+ (ascii(substr(id, 8, 1)) - 48) * 1 + (ascii(substr(id, 9, 1)) - 48) * 6
			+ (ascii(substr(id, 10, 1)) - 48) * 3 + (ascii(substr(id, 11, 1)) - 48) * 7
			+ (ascii(substr(id, 12, 1)) - 48) * 9 + (ascii(substr(id, 13, 1)) - 48) * 10
			+ (ascii(substr(id, 14, 1)) - 48) * 5 + (ascii(substr(id, 15, 1)) - 48) * 8
			+ (ascii(substr(id, 16, 1)) - 48) * 4 + (ascii(substr(id, 17, 1)) - 48) * 2)
			% 11 + 1, 1) <> substr(id, 18, 1) THEN false
		WHEN substr(id, 7, 4)::int < 1 OR substr(id, 11, 2)::int NOT BETWEEN 1 AND 12 THEN false
		ELSE substr(id, 13, 2)::int BETWEEN 1 AND extract(day FROM
			make_date(substr(id, 7, 4)::int, substr(id, 11, 2)::int, 1)
			+ interval '1 month - 1 day')::int
	END
$$;

DROP FUNCTION onedoor.data_value_fault(text, text);
CREATE FUNCTION onedoor.data_value_fault(p_type text, p_value text, p_today text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE p_type
		WHEN 'resident_id' THEN CASE WHEN onedoor.resident_id_valid(p_value)
			THEN NULL ELSE 'resident_id' END
		WHEN 'date' THEN CASE
			WHEN p_value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN 'date'
			WHEN substr(p_value, 1, 4)::int < 1900 THEN 'date'
			WHEN substr(p_value, 6, 2)::int NOT BETWEEN 1 AND 12 THEN 'date'
			WHEN substr(p_value, 9, 2)::int NOT BETWEEN 1 AND extract(day FROM
				make_date(substr(p_value, 1, 4)::int, substr(p_value, 6, 2)::int, 1)
				+ interval '1 month - 1 day')::int THEN 'date'
			-- Both YYYY-MM-DD: text order is date order.
			WHEN p_value > p_today THEN 'future_date'
			END
		WHEN 'yuan' THEN CASE
			WHEN p_value ~ '^-[0-9]+(\.[0-9]{1,2})?$' THEN 'negative'
			WHEN p_value !~ '^[0-9]{1,12}(\.[0-9]{1,2})?$' THEN 'number' END
		WHEN 'area' THEN CASE
			WHEN p_value ~ '^-[0-9]+(\.[0-9]{1,2})?$' THEN 'negative'
			WHEN p_value !~ '^[0-9]{1,6}(\.[0-9]{1,2})?$' THEN 'number' END
		WHEN 'year' THEN CASE
			WHEN p_value !~ '^[0-9]{4}$' THEN 'year'
			WHEN p_value::int < 1900 OR p_value > substr(p_today, 1, 4) THEN 'year' END
		WHEN 'text' THEN CASE
			WHEN btrim(p_value) = '' OR p_value ~ '[[:cntrl:]]' OR length(p_value) > 100
			THEN 'text' END
		ELSE 'type' END
$$;
REVOKE ALL ON FUNCTION onedoor.data_value_fault(text, text, text) FROM PUBLIC;

-- As in 0018_department_data.sql, with the day of loading passed once ($1).
CREATE OR REPLACE FUNCTION onedoor.data_import_finish(p_request_id uuid, p_source text, p_as_of date,
					   p_file_name text, p_sha256 text)
RETURNS TABLE (line integer, column_name text, fault text, detail text, batch_id bigint,
	       row_count integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
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
	EXECUTE format('INSERT INTO onedoor.data_rows (batch_id, line, resident_id, v)
		SELECT $1, r.line, r.c1, jsonb_build_object(%s)
		FROM pg_temp.data_import_rows r', obj) USING b;
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
