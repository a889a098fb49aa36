-- 0069_finance_villages: the login reads the staff member's village with
-- their centre (a village coordinator's title bar names it, 0066); finance,
-- a group made after villages were granted (0024, 0032), reads them too, or
-- its login is refused with "permission denied for table villages".
GRANT SELECT ON onedoor.villages TO onedoor_finance;
