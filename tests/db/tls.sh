# tls.sh - the TLS set-up of README.md's "Server set-up", as written there:
# a county CA made with its openssl commands, a server with ssl on and the
# pg_hba lines (hostssl, scram-sha-256, clientcert=verify-ca) listening on
# 127.0.0.1, and a libpq service file with sslmode=verify-full and a client
# certificate.  onedoor-admin reaches it through `service = onedoor`; no
# client certificate, a certificate of another CA, or a host name the
# server's certificate does not carry are refused.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
PGCLUSTER="$ONEDOOR_TOP/src/sh/pgcluster.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/od-tls.XXXXXX") || exit 1
chmod 0755 "$T"
C="$T/c"
trap 'sh "$PGCLUSTER" destroy "$C"; rm -rf "$T"' EXIT
sh "$PGCLUSTER" init "$C" fast || exit 1
# The engine's server module, as the test clusters have it (migrate creates
# the engine functions on a superuser session).
sh "$PGCLUSTER" module "$C" "$ONEDOOR_BUILD/pgext/onedoor_engine.so" || exit 1
export PGPASSFILE="$C/pgpass" PGUSER=postgres PGHOST="$C/run"
unset PGDATABASE PGSERVICE PGSSLMODE
# A TCP port other tests and a system server do not use; the Unix socket is
# named after it too.
port=$((40000 + $$ % 20000))
export PGPORT=$port

# The README's commands, with the server named localhost.
mkdir "$T/ca" && cd "$T/ca" || exit 1
{
	openssl req -new -x509 -days 3650 -nodes -subj "/CN=onedoor county CA" \
		-keyout county-ca.key -out county-ca.crt
	openssl req -new -nodes -subj "/CN=localhost" \
		-addext "subjectAltName=DNS:localhost" -keyout server.key -out server.csr
	openssl x509 -req -in server.csr -CA county-ca.crt -CAkey county-ca.key \
		-CAcreateserial -days 825 -copy_extensions copy -out server.crt
	openssl req -new -nodes -subj "/CN=window-511703001-1" -keyout client.key -out client.csr
	openssl x509 -req -in client.csr -CA county-ca.crt -CAkey county-ca.key \
		-CAcreateserial -days 825 -out client.crt
	# A certificate from somebody else's CA.
	openssl req -new -x509 -days 30 -nodes -subj "/CN=other CA" -keyout other-ca.key \
		-out other-ca.crt
	openssl req -new -nodes -subj "/CN=intruder" -keyout intruder.key -out intruder.csr
	openssl x509 -req -in intruder.csr -CA other-ca.crt -CAkey other-ca.key \
		-CAcreateserial -days 30 -out intruder.crt
} >"$T/openssl.log" 2>&1 || { cat "$T/openssl.log"; exit 1; }
chmod 0600 ./*.key
cd "$T" || exit 1

data="$C/data"
cp "$T/ca/server.crt" "$T/ca/server.key" "$T/ca/county-ca.crt" "$data/"
{
	echo "listen_addresses = '127.0.0.1'"
	echo "port = $port"
	echo "ssl = on"
	echo "ssl_cert_file = 'server.crt'"
	echo "ssl_key_file = 'server.key'"
	echo "ssl_ca_file = 'county-ca.crt'"
	echo "ssl_min_protocol_version = 'TLSv1.2'"
	echo "password_encryption = scram-sha-256"
} >>"$data/postgresql.conf"
# The README's lines first (the first match wins), the cluster's own after.
{
	echo "hostssl all +onedoor_clerk,+onedoor_verifier,+onedoor_approver 127.0.0.1/32 scram-sha-256 clientcert=verify-ca"
	echo "hostssl all +onedoor_supervisor,+onedoor_auditor,+onedoor_admin 127.0.0.1/32 scram-sha-256 clientcert=verify-ca"
	cat "$data/pg_hba.conf"
} >"$T/pg_hba.conf"
cp "$T/pg_hba.conf" "$data/pg_hba.conf"
if [ "$(id -u)" -eq 0 ]; then
	owner=$(stat -c %U "$data/PG_VERSION")
	chown "$owner" "$data/server.crt" "$data/server.key" "$data/county-ca.crt" "$data/pg_hba.conf"
fi
chmod 0600 "$data/server.key"
sh "$PGCLUSTER" start "$C" || exit 1
createdb onedoor || exit 1
printf '[database]\nconninfo = dbname=onedoor\n[ui]\nlanguage = en\n' >"$T/local.ini"
"$ONEDOOR_BIN/onedoor-admin" -c "$T/local.ini" migrate >/dev/null &&
	"$ONEDOOR_BIN/onedoor-admin" -c "$T/local.ini" demo >/dev/null || exit 1

# The thin client's side.
cat >"$T/pg_service.conf" <<EOF
[onedoor]
host=localhost
port=$port
dbname=onedoor
sslmode=verify-full
sslrootcert=$T/ca/county-ca.crt
sslcert=$T/ca/client.crt
sslkey=$T/ca/client.key
EOF
export PGSERVICEFILE="$T/pg_service.conf"
unset PGHOST PGPASSFILE
printf '[database]\nservice = onedoor\n[ui]\nlanguage = en\n' >"$T/client.ini"
as_demo() { PGPASSWORD=onedoor psql -X -At -U "$1" -d "$2" -c "$3" 2>&1; }

ok_eq "a clerk connects over TLS with the county's client certificate" "t|/CN=window-511703001-1" \
	"$(as_demo demo_clerk1 service=onedoor \
		"SELECT ssl, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")"
out=$(PGUSER=demo_admin PGPASSWORD=onedoor "$ONEDOOR_BIN/onedoor-admin" -c "$T/client.ini" \
	user list 2>&1)
ok_match "onedoor-admin reaches it through service = onedoor" "demo_clerk1" "$out"
ok_match "without a client certificate it is refused" "certificate" \
	"$(as_demo demo_clerk1 "service=onedoor sslcert=$T/none.crt sslkey=$T/none.key" "SELECT 1")"
ok_match "a certificate of another CA is refused" "certificate|alert" \
	"$(as_demo demo_clerk1 "service=onedoor sslcert=$T/ca/intruder.crt sslkey=$T/ca/intruder.key" \
		"SELECT 1")"
ok_match "verify-full refuses a host name the server's certificate does not carry" \
	"does not match host name" "$(as_demo demo_clerk1 "service=onedoor host=127.0.0.1" "SELECT 1")"
ok_match "a server certificate from another CA is refused" "certificate verify failed" \
	"$(as_demo demo_clerk1 "service=onedoor sslrootcert=$T/ca/other-ca.crt" "SELECT 1")"
ok_match "without TLS the server refuses" "no pg_hba.conf entry|reject" \
	"$(as_demo demo_clerk1 "service=onedoor sslmode=disable" "SELECT 1")"
done_testing
