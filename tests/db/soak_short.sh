# soak_short.sh - the soak, short: 24 workers for 10 seconds, the server
# restarted after 5 (`make soak` runs the long one).
# runs alone: it restarts the shared test server, which the other tests use.
sh "$ONEDOOR_TOP/tests/soak/soak_once.sh" 10 24
