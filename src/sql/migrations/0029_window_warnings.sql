-- 0029_window_warnings: a warning found at the window reaches its
-- departments too, not only one found by the nightly discovery.
--
-- Every application inserted (a registration at the window, a household
-- coming back, a coordinator's report turned into an application) has its
-- household evaluated by the server's engine (onedoor.engine_match, as of
-- today) and each warning the menu raises goes through warning_raise
-- (0025_warnings.sql) with source 'window': one per department the
-- catalogue names, not twice while one is open.  The registering clerk
-- sees the same warnings on the menu; the departments get them in their
-- queues in the same transaction.
--
-- Where the engine module is not installed (a server without the package)
-- nothing is raised here and discovery still raises them.  A household the
-- engine cannot read (a data error) does not stop the registration: the
-- menu screen shows the clerk what is wrong with it.
CREATE FUNCTION onedoor.warnings_at_window() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = onedoor, pg_temp AS $$
DECLARE
	today date := onedoor.today();
	doc jsonb;
	menu jsonb;
BEGIN
	IF to_regprocedure('onedoor.engine_match(jsonb, date)') IS NULL THEN
		RETURN NULL;
	END IF;
	-- NULL unless the caller may see the household (a clerk of its centre).
	doc := onedoor.household_document(NEW.household_id);
	IF doc IS NULL THEN
		RETURN NULL;
	END IF;
	BEGIN
		menu := onedoor.engine_match(doc, today);
	EXCEPTION WHEN data_exception THEN
		RETURN NULL;
	END;
	PERFORM onedoor.warning_raise(NEW.household_id, w ->> 'code', 'window', NULL, NEW.id, today)
	FROM jsonb_array_elements(coalesce(menu -> 'warnings', '[]')) w;
	RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onedoor.warnings_at_window() FROM PUBLIC;
CREATE TRIGGER raise_warnings AFTER INSERT ON onedoor.applications
	FOR EACH ROW EXECUTE FUNCTION onedoor.warnings_at_window();
