-- The engine's household document (0020, 0045) holds every member's
-- resident ID and facts.  It is read by the server's own functions
-- (monitoring entries, warnings at the window, acceptance) and never by the
-- client, which reads households through the traced path (0047).  Granted to
-- the staff roles it was a way round the trail: a call left no entry.
REVOKE EXECUTE ON FUNCTION onedoor.household_document(bigint) FROM onedoor_clerk,
	onedoor_verifier, onedoor_supervisor, onedoor_approver, onedoor_auditor, onedoor_admin;
