-- 0046_discover_in_db: `onedoor-admin discover` runs inside the server.
--
-- Discovery used to stream every household to onedoor-admin through a
-- cursor and write the findings back: most of its time went on round trips
-- and on rows shipped out and back.  Now the engine's C function
-- onedoor.engine_findings (src/sql/engine.sql, server module onedoor_engine)
-- is called set-based over the households, in parallel workers, and the
-- findings go into onedoor.discoveries (0002) in the same transaction, as
-- before.  This is its result type: what discover records for one
-- household, and whether any of its stored facts could not be read.
CREATE TYPE onedoor.engine_finding AS (
	items      text[],    -- items it qualifies for and neither holds nor applied for
	amounts    numeric[], -- their amounts in the same order (NULL: none)
	warnings   text[],    -- warnings raised
	unreadable boolean    -- some stored fact could not be read
);
