-- 0068_login_every_group.sql: the village coordinator and the finance
-- office log in to the screens as every other group does.
--
-- Logging in reads the schema's version (schema_migrations), the calendar's
-- coverage, the benefit catalogue and the departments; these two groups,
-- added after those grants were written, were refused the first of them
-- and saw "permission denied for table schema_migrations" at the login
-- screen.  They get the same read grants as the other groups: reference
-- data, no personal data.
GRANT SELECT ON onedoor.schema_migrations TO onedoor_coordinator, onedoor_finance;
GRANT EXECUTE ON FUNCTION onedoor.calendar_coverage(), onedoor.due_provisional(date)
	TO onedoor_coordinator, onedoor_finance;
GRANT SELECT ON onedoor.parameter_defs, onedoor.parameters, onedoor.catalogue_items,
	onedoor.catalogue_warnings, onedoor.departments
	TO onedoor_coordinator, onedoor_finance;
-- Live refresh of the lists, as for the other groups.
GRANT EXECUTE ON FUNCTION onedoor.listen_worklist() TO onedoor_coordinator, onedoor_finance;
