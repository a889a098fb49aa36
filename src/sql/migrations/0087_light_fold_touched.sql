-- 0087_light_fold_touched: the matrix's counts folded group by group, only
-- where a case moved, instead of the whole summary rewritten every second.
--
-- Why.  case_light_fold (0060_province_matrix.sql, the only earlier
-- definition) deleted every row of case_light_counts and inserted the sums
-- again, on every turn of the chainer (`onedoor-admin audit chain
-- --follow`, each second).  On the benchmark's 1,100,000 cases the summary
-- has tens of thousands of groups, so each turn rewrote all of them whether
-- or not a case had moved: measured by bench_workflow, 52 rows of
-- case_light_counts written (and about 8 KB of WAL) per stage transition,
-- more than the transition itself wrote, and the transitions ran at 0.36x
-- pgbench TPC-B instead of 0.6x.  A province's summary is ten times that.
--
-- Now.  A group needs folding only when it has more than one row (a +1 or
-- -1 appended by case_light_counts_track since the last fold): only those
-- rows are deleted (by their row address) and their sum inserted, or
-- nothing when it is 0.  Groups nobody touched are read, never written.
-- Rows appended meanwhile by other transactions are not seen, so not
-- touched, as before; the readers (case_matrix_all, case_red_now) add the
-- rows of a group up, so they read the same counts before and after.
-- Returns the groups folded (0060's returned the rows left; its only
-- callers, the chainer and tests/db/province_reads.sh, look only at
-- whether any were).
CREATE OR REPLACE FUNCTION onedoor.case_light_fold() RETURNS bigint
LANGUAGE plpgsql SET search_path = onedoor, pg_temp AS $$
DECLARE folded bigint;
BEGIN
	WITH touched AS (
		SELECT k.centre_code, k.department, k.stage, k.yellow_on, k.red_after,
		       array_agg(k.ctid) AS rows
		FROM onedoor.case_light_counts k
		GROUP BY 1, 2, 3, 4, 5
		HAVING count(*) > 1),
	gone AS (
		DELETE FROM onedoor.case_light_counts k
		WHERE k.ctid = ANY (ARRAY(SELECT unnest(t.rows) FROM touched t))
		RETURNING k.*),
	summed AS (
		INSERT INTO onedoor.case_light_counts
		SELECT g.centre_code, g.department, g.stage, g.yellow_on, g.red_after, sum(g.n)
		FROM gone g GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.n) <> 0
		RETURNING 1)
	SELECT count(*) INTO folded FROM touched;
	RETURN folded;
END $$;
REVOKE ALL ON FUNCTION onedoor.case_light_fold() FROM PUBLIC;
