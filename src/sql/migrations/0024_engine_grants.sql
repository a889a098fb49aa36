-- 0024_engine_grants: the trigger function that keeps menu snapshots as
-- they were (0020_engine.sql) was left executable by PUBLIC; like every
-- function of the schema, it is not (test_workflow_security.sh).
REVOKE ALL ON FUNCTION onedoor.menu_snapshot_forbid() FROM PUBLIC;
