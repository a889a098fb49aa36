-- 0014_no_jit: the window's queries are short and many; on large tables
-- the planner's cost estimates cross the JIT threshold and compiling then
-- costs more than running (measured on 1,000,000 cases: one centre's
-- worklist 130 ms with JIT, a few ms without; the county matrix 100-300 ms
-- with, about 20 ms without).  Off for this database; a schema owner that
-- may not alter the database gets a notice and the setting can be made by
-- the database owner (onedoor-admin(8)).
DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE 'jit stays on: run ALTER DATABASE % SET jit = off as its owner',
		quote_ident(current_database());
END $$;
