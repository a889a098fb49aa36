# soak_short.sh - the soak, short: 24 workers for 10 seconds, the server
# restarted after 5 (`make soak` runs the long one).
sh "$ONEDOOR_TOP/tests/soak/soak_once.sh" 10 24
