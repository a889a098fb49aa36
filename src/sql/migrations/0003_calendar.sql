-- 0003_calendar: working days, as China's State Council schedules them.
--
-- A day is a working day when it is Monday to Friday and not a public
-- holiday, or when it is a make-up working day (调休上班, a Saturday or
-- Sunday worked in exchange for a longer holiday).  calendar_days holds only
-- the exceptions, as `onedoor-admin calendar import` loads them from the
-- official announcement of each year (conf/calendar/YYYY.ini).
--
-- working_days is derived from it: every date of a fixed range with a
-- running count of working days (seq), so that "N working days after D" and
-- "working days between A and B" are one index lookup each instead of a
-- loop.  calendar_rebuild() refills it after every import.
--
-- Counting follows the rule of Chinese administrative law that the day an
-- interval starts is not counted (期间开始的当日不计算在内): a stage entered
-- on day D with a limit of N working days is due on the N-th working day
-- after D, whatever kind of day D is.
--
-- "Today" is onedoor.today(): China's civil date, unless a test has pinned
-- it in clock_override, which only the schema owner can write (no client
-- role has any privilege on it, and test_set_today is granted to nobody).

CREATE TABLE onedoor.calendar_days (
	day     date PRIMARY KEY,
	kind    text NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name    text NOT NULL DEFAULT '',
	source  text NOT NULL DEFAULT '',
	CHECK (kind <> 'workday' OR extract(isodow FROM day) IN (6, 7))
);

CREATE TABLE onedoor.working_days (
	day      date PRIMARY KEY,
	working  boolean NOT NULL,
	-- Working days from the start of the range up to and including `day`.
	seq      integer NOT NULL
);
CREATE UNIQUE INDEX working_days_seq ON onedoor.working_days (seq) WHERE working;

-- Test seam: at most one row; empty in production.
CREATE TABLE onedoor.clock_override (
	only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	today    date NOT NULL
);

-- PL/pgSQL rather than SQL here and in the helpers below: the write
-- functions call them on every transition, and PL/pgSQL keeps its plans
-- while a non-inlined SQL function is planned again at each call.
CREATE FUNCTION onedoor.today() RETURNS date
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	RETURN coalesce((SELECT o.today FROM onedoor.clock_override o),
			(now() AT TIME ZONE 'Asia/Shanghai')::date);
END $$;

-- Superuser / owner only: pins (or with NULL releases) today for tests.
CREATE FUNCTION onedoor.test_set_today(p_day date) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
	DELETE FROM onedoor.clock_override;
	INSERT INTO onedoor.clock_override (today) SELECT p_day WHERE p_day IS NOT NULL;
$$;

-- The calendar helpers below read only working_days, which every group may
-- read, so they run as the caller (no SECURITY DEFINER, no per-call
-- search_path switch); every name in them is schema-qualified.

-- The range working_days covers; dates outside it are an error rather than
-- a silent guess.
CREATE FUNCTION onedoor.calendar_rebuild() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
BEGIN
	DELETE FROM onedoor.working_days;
	INSERT INTO onedoor.working_days (day, working, seq)
	SELECT d, w, sum(w::int) OVER (ORDER BY d)
	FROM (SELECT g::date AS d,
		     CASE c.kind WHEN 'workday' THEN true WHEN 'holiday' THEN false
				 ELSE extract(isodow FROM g) < 6 END AS w
	      FROM generate_series(DATE '2020-01-01', DATE '2045-12-31', interval '1 day') g
	      LEFT JOIN onedoor.calendar_days c ON c.day = g::date) x;
END $$;
SELECT onedoor.calendar_rebuild();

CREATE FUNCTION onedoor.working_seq(p_day date) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
DECLARE s integer;
BEGIN
	SELECT seq INTO s FROM onedoor.working_days WHERE day = p_day;
	IF s IS NULL AND p_day IS NOT NULL THEN
		RAISE EXCEPTION 'date % is outside the working-day calendar', p_day
			USING ERRCODE = '22008';
	END IF;
	RETURN s;
END $$;

-- The n-th working day after p_day (n >= 0; 0 gives p_day itself when it is
-- a working day, else the next one).
CREATE FUNCTION onedoor.add_working_days(p_day date, n integer) RETURNS date
LANGUAGE plpgsql STABLE AS $$
DECLARE
	base integer := onedoor.working_seq(p_day);
	w boolean;
	result date;
BEGIN
	SELECT working INTO w FROM onedoor.working_days WHERE day = p_day;
	-- A non-working day shares its seq with the working day before it, so
	-- "0 working days after" a Sunday is the next working day.
	IF n = 0 AND NOT w THEN
		n := 1;
	END IF;
	SELECT day INTO result FROM onedoor.working_days WHERE working AND seq = base + n;
	IF result IS NULL THEN
		RAISE EXCEPTION '% working days after % is outside the calendar', n, p_day
			USING ERRCODE = '22008';
	END IF;
	RETURN result;
END $$;

-- Working days after p_from up to and including p_to (negative when p_to
-- is earlier): elapsed days for reports, days left for the worklist.
CREATE FUNCTION onedoor.working_days_between(p_from date, p_to date) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN onedoor.working_seq(p_to) - onedoor.working_seq(p_from);
END $$;

-- First day of the yellow window: `warn` working days ending with the due
-- day (warn = 1: the due day only).
CREATE FUNCTION onedoor.warn_from(p_due date, warn integer) RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN (SELECT w.day FROM onedoor.working_days w
		WHERE w.working AND w.seq = onedoor.working_seq(p_due) - (greatest(warn, 1) - 1));
END $$;

-- The light of one clock on day p_today: red after the due day, yellow from
-- the first day of the warning window through the due day, else green.
CREATE FUNCTION onedoor.light(p_due date, p_warn_from date, p_today date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_due IS NULL THEN NULL
		    WHEN p_today > p_due THEN 'red'
		    WHEN p_today >= p_warn_from THEN 'yellow'
		    ELSE 'green' END
$$;

REVOKE ALL ON onedoor.calendar_days, onedoor.working_days, onedoor.clock_override FROM PUBLIC;
GRANT SELECT ON onedoor.calendar_days, onedoor.working_days TO onedoor_clerk, onedoor_verifier,
	onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
REVOKE ALL ON FUNCTION onedoor.test_set_today(date), onedoor.calendar_rebuild() FROM PUBLIC;
REVOKE ALL ON FUNCTION onedoor.today(), onedoor.working_seq(date),
	onedoor.add_working_days(date, integer), onedoor.working_days_between(date, date),
	onedoor.warn_from(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onedoor.today(), onedoor.working_seq(date),
	onedoor.add_working_days(date, integer), onedoor.working_days_between(date, date),
	onedoor.warn_from(date, integer), onedoor.light(date, date, date) TO onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
