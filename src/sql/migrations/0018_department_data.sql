-- 0018_department_data: departments' data for household verification (核对).
--
-- Each department sends an extract (CSV, one row per fact) that the county
-- verification office loads with `onedoor-admin data import SOURCE FILE`.
-- A load is one batch: its source, the date the data is as of, who loaded
-- it, the file's SHA-256 and its rows.  Departments send whole extracts, so
-- verification uses the latest batch of each source (by as-of date, then
-- load order); older batches stay, since reports name the batches they used.
--
-- The load, all or nothing, in one transaction of the importing session:
--   SELECT * FROM onedoor.data_import_begin(SOURCE, HEADER)
--       checks the source and the header line, and creates the session's
--       staging table pg_temp.data_import_rows (dropped at commit), on
--       which only the caller may INSERT;
--   COPY pg_temp.data_import_rows (line, c1, ...) FROM STDIN
--       the rows as text with their line numbers (COPY has no parameters);
--   SELECT * FROM onedoor.data_import_finish(REQUEST, SOURCE, AS_OF, FILE, SHA256)
--       checks every value set-based; returns the faults (line, column,
--       code), in which case nothing was written and the client rolls back,
--       or records the batch and its rows and returns no fault.
-- Fault codes (the client words them): resident_id, date, future_date, number,
-- negative, year, text, duplicate (detail: the first line with the same key).
--
-- Department data is personal data: no client role reads the tables; the
-- view department_findings shows verifiers and supervisors the rows of the
-- members of households with a case in their county, and nothing else.

CREATE TABLE onedoor.data_sources (
	code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,31}$'),
	name_zh     text NOT NULL,
	name_en     text NOT NULL,
	provider_zh text NOT NULL,   -- the department that sends the extract
	provider_en text NOT NULL,
	-- The header line, in order; the first column is always resident_id.
	columns     text[] NOT NULL CHECK (columns[1] = 'resident_id'
					  AND array_length(columns, 1) BETWEEN 2 AND 6),
	-- Value type of each column: resident_id, date, yuan, area, year, text.
	types       text[] NOT NULL,
	-- The columns that identify a fact: two rows with the same key are one
	-- fact sent twice.
	key_columns text[] NOT NULL,
	CHECK (array_length(types, 1) = array_length(columns, 1)),
	CHECK (key_columns <@ columns)
);

INSERT INTO onedoor.data_sources VALUES
	('deaths', '死亡登记', 'deaths', '民政局（婚姻殡葬）、公安局（户籍）',
	 'civil registration', '{resident_id,died_on}', '{resident_id,date}', '{resident_id}'),
	('vehicles', '机动车登记', 'vehicles', '公安局交通管理部门', 'traffic police',
	 '{resident_id,plate,registered_on}', '{resident_id,text,date}', '{plate}'),
	('housing', '不动产登记', 'housing', '自然资源局（不动产登记中心）', 'real-estate registry',
	 '{resident_id,certificate,area_m2}', '{resident_id,text,area}', '{certificate}'),
	('pensions', '养老金领取', 'pensions', '人力资源和社会保障局',
	 'human resources and social security', '{resident_id,monthly_yuan,since}',
	 '{resident_id,yuan,date}', '{resident_id}'),
	('businesses', '市场主体登记', 'businesses', '市场监督管理局', 'market regulation',
	 '{resident_id,licence,registered_on}', '{resident_id,text,date}', '{licence}'),
	('deposits', '银行存款', 'deposits', '银行（经核对中心）',
	 'banks, through the verification centre', '{resident_id,bank,balance_yuan,as_of}',
	 '{resident_id,text,yuan,date}', '{resident_id,bank}'),
	('medical_costs', '医疗费用个人负担', 'medical costs', '医疗保障局', 'medical insurance',
	 '{resident_id,year,selfpaid_yuan}', '{resident_id,year,yuan}', '{resident_id,year}');

CREATE TABLE onedoor.data_batches (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	source      text NOT NULL REFERENCES onedoor.data_sources,
	as_of       date NOT NULL,
	file_name   text NOT NULL,
	sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	row_count   integer NOT NULL CHECK (row_count >= 0),
	imported_by name NOT NULL DEFAULT session_user,
	imported_at timestamptz NOT NULL DEFAULT now(),
	request_id  uuid NOT NULL UNIQUE
);
CREATE INDEX data_batches_latest ON onedoor.data_batches (source, as_of DESC, id DESC);

-- One fact of a department about one person; values typed in `v` (dates
-- as YYYY-MM-DD strings, amounts as exact numbers) under the column names.
CREATE TABLE onedoor.data_rows (
	batch_id    bigint NOT NULL REFERENCES onedoor.data_batches,
	line        integer NOT NULL,
	resident_id char(18) NOT NULL,
	v           jsonb NOT NULL,
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX data_rows_person ON onedoor.data_rows (resident_id, batch_id);

-- The batch each source's facts come from now.
CREATE VIEW onedoor.data_latest_batches AS
SELECT DISTINCT ON (b.source) b.*
FROM onedoor.data_batches b
ORDER BY b.source, b.as_of DESC, b.id DESC;

-- Checks a value of a column type without raising: the fault code, or
-- NULL when the value is good.  Plain SQL so that it is inlined into the
-- set-based check (no function call per value).
CREATE FUNCTION onedoor.data_value_fault(p_type text, p_value text) RETURNS text
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
			WHEN p_value::date > onedoor.today() THEN 'future_date'
			END
		WHEN 'yuan' THEN CASE
			WHEN p_value ~ '^-[0-9]+(\.[0-9]{1,2})?$' THEN 'negative'
			WHEN p_value !~ '^[0-9]{1,12}(\.[0-9]{1,2})?$' THEN 'number' END
		WHEN 'area' THEN CASE
			WHEN p_value ~ '^-[0-9]+(\.[0-9]{1,2})?$' THEN 'negative'
			WHEN p_value !~ '^[0-9]{1,6}(\.[0-9]{1,2})?$' THEN 'number' END
		WHEN 'year' THEN CASE
			WHEN p_value !~ '^[0-9]{4}$' THEN 'year'
			WHEN p_value::int < 1900
			     OR p_value::int > extract(year FROM onedoor.today()) THEN 'year' END
		WHEN 'text' THEN CASE
			WHEN btrim(p_value) = '' OR p_value ~ '[[:cntrl:]]' OR length(p_value) > 100
			THEN 'text' END
		ELSE 'type' END
$$;

-- The typed JSON value of a checked column.
CREATE FUNCTION onedoor.data_value_json(p_type text, p_value text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_type IN ('yuan', 'area', 'year') THEN to_jsonb(p_value::numeric)
		    ELSE to_jsonb(p_value) END
$$;

-- Starts a load: the source must exist and the header must be its columns,
-- in order (22023 otherwise, the message names what is wrong).  Returns
-- the columns, for the client to count each row's fields.
CREATE FUNCTION onedoor.data_import_begin(p_source text, p_header text[])
RETURNS TABLE (columns text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	s onedoor.data_sources;
	me onedoor.staff := onedoor.current_staff();
BEGIN
	-- The verification office, an administrator, or the schema owner that
	-- onedoor-admin runs as by default (make run loads the demo extracts so).
	IF NOT coalesce(me.role_group IN ('verifier', 'admin'), false)
	   AND NOT (me.role_name IS NULL AND pg_has_role(session_user,
		(SELECT n.nspowner FROM pg_namespace n WHERE n.nspname = 'onedoor'), 'MEMBER')) THEN
		RAISE EXCEPTION 'only the verification office or an administrator loads department data'
			USING ERRCODE = '42501';
	END IF;
	SELECT * INTO s FROM onedoor.data_sources d WHERE d.code = p_source;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown source "%"', p_source USING ERRCODE = '22023',
			HINT = 'unknown_source';
	END IF;
	IF p_header IS DISTINCT FROM s.columns THEN
		RAISE EXCEPTION 'the header must be: %', array_to_string(s.columns, ',')
			USING ERRCODE = '22023', HINT = 'header',
			      DETAIL = array_to_string(s.columns, ',');
	END IF;
	DROP TABLE IF EXISTS pg_temp.data_import_rows;
	CREATE TEMP TABLE data_import_rows (
		line integer NOT NULL, c1 text, c2 text, c3 text, c4 text, c5 text, c6 text)
		ON COMMIT DROP;
	EXECUTE format('GRANT INSERT ON pg_temp.data_import_rows TO %I', session_user);
	RETURN QUERY SELECT s.columns;
END $$;

-- Checks the staged rows and, when every one is good, records the batch.
-- Returns the faults, first lines first (at most 50); no row when the
-- batch was recorded.  A retry with the same request id returns nothing
-- and records nothing again.
CREATE FUNCTION onedoor.data_import_finish(p_request_id uuid, p_source text, p_as_of date,
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
			' UNION ALL SELECT r.line, %L, onedoor.data_value_fault(%L, r.c%s), NULL'
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
		substr(checks, 12), array_to_string(s.key_columns, ','), keys);
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

-- Each source with its latest batch, for `onedoor-admin data sources`.
CREATE VIEW onedoor.data_source_list AS
SELECT s.code, s.name_zh, s.name_en, s.provider_zh, s.provider_en,
       array_to_string(s.columns, ',') AS columns, b.id AS batch_id, b.as_of, b.row_count,
       b.imported_by, b.imported_at, b.sha256, b.file_name
FROM onedoor.data_sources s
LEFT JOIN onedoor.data_latest_batches b ON b.source = s.code
ORDER BY s.code;

-- Verification roles may see department data, only about members of the
-- households of cases in their scope (the cases policy, 0007_security.sql).
CREATE FUNCTION onedoor.may_see_department_data() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	SELECT coalesce((SELECT s.role_group IN ('verifier', 'supervisor')
			 FROM onedoor.staff s WHERE s.role_name = session_user AND s.active), false)
$$;

CREATE VIEW onedoor.department_findings WITH (security_barrier) AS
SELECT b.source, b.id AS batch_id, b.as_of, r.line, m.household_id, m.person_id,
       p.name, onedoor.mask_resident_id(p.resident_id) AS resident_id_masked, r.v
FROM onedoor.data_latest_batches b
JOIN onedoor.data_rows r ON r.batch_id = b.id
JOIN onedoor.persons p ON p.resident_id = r.resident_id
JOIN onedoor.household_members m ON m.person_id = p.id
WHERE onedoor.may_see_department_data()
  AND EXISTS (SELECT 1 FROM onedoor.cases c WHERE c.household_id = m.household_id
	      AND c.centre_code = ANY (onedoor.my_centres()));

REVOKE ALL ON onedoor.data_sources, onedoor.data_batches, onedoor.data_rows,
	onedoor.data_latest_batches FROM PUBLIC;
GRANT SELECT ON onedoor.data_sources TO onedoor_verifier, onedoor_supervisor,
	onedoor_approver, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.data_batches, onedoor.data_latest_batches, onedoor.data_source_list
	TO onedoor_verifier, onedoor_supervisor, onedoor_auditor, onedoor_admin;
GRANT SELECT ON onedoor.department_findings TO onedoor_verifier, onedoor_supervisor;
REVOKE ALL ON FUNCTION onedoor.data_value_fault(text, text), onedoor.data_value_json(text, text),
	onedoor.data_import_begin(text, text[]),
	onedoor.data_import_finish(uuid, text, date, text, text),
	onedoor.may_see_department_data() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.data_import_begin(text, text[]),
	onedoor.data_import_finish(uuid, text, date, text, text) TO onedoor_verifier, onedoor_admin;
GRANT EXECUTE ON FUNCTION onedoor.may_see_department_data() TO onedoor_verifier,
	onedoor_supervisor;
