# readme_server.sh - sourced: the server of README.md's "Server set-up" on a
# throwaway cluster, for the tests and benchmarks that follow the README
# (packaging/test-deb.sh, tests/bench/bench_setup.sh).
#
#   readme_certificates DIR        the README's openssl commands, in DIR: a
#                                  county CA, the server's certificate (the
#                                  service name and both failover hosts) and
#                                  a thin client's; 0 on success
#   readme_tls_cluster C PORT CA [SO]  a fresh cluster in C listening on
#                                  127.0.0.1:PORT with the README's
#                                  postgresql.conf TLS settings and
#                                  pg_hba.conf lines (127.0.0.1 for the county
#                                  network), the engine module SO when given,
#                                  started; exports PGHOST PGPORT PGUSER
#                                  PGPASSFILE for its superuser (what
#                                  `su postgres -c` gives on a real server)
# The stand-ins for a real server: pgcluster.sh's cluster instead of
# Debian's 15/main, and 127.0.0.1 carrying the name db.county.example
# (hostaddr in the clients' connection strings).
readme_certificates() {
	mkdir -p "$1" && (cd "$1" && {
		openssl req -new -x509 -days 3650 -nodes -subj "/CN=onedoor county CA" \
			-keyout county-ca.key -out county-ca.crt
		openssl req -new -nodes -subj "/CN=db.county.example" \
			-addext "subjectAltName=DNS:db.county.example,DNS:db1.county.example,DNS:db2.county.example" \
			-keyout server.key -out server.csr
		openssl x509 -req -in server.csr -CA county-ca.crt -CAkey county-ca.key \
			-CAcreateserial -days 825 -copy_extensions copy -out server.crt
		openssl req -new -nodes -subj "/CN=window-511703001-1" -keyout client.key -out client.csr
		openssl x509 -req -in client.csr -CA county-ca.crt -CAkey county-ca.key \
			-CAcreateserial -days 825 -out client.crt
	} >openssl.log 2>&1 && chmod 0600 ./*.key)
}

readme_tls_cluster() {
	_c=$1 _port=$2 _ca=$3 _so=${4:-}
	_pgc="$ONEDOOR_TOP/src/sh/pgcluster.sh"
	sh "$_pgc" init "$_c" >"$_c.log" 2>&1 || { cat "$_c.log"; return 1; }
	_data="$_c/data"
	cp "$_ca/server.crt" "$_ca/server.key" "$_ca/county-ca.crt" "$_data/"
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $_port"
		echo "ssl = on"
		echo "ssl_cert_file = 'server.crt'"
		echo "ssl_key_file = 'server.key'"
		echo "ssl_ca_file = 'county-ca.crt'"
		echo "ssl_min_protocol_version = 'TLSv1.2'"
		echo "password_encryption = scram-sha-256"
		echo "tcp_keepalives_idle = 60"
	} >>"$_data/postgresql.conf"
	# The cluster's own superuser line (a password, where Debian's is peer)
	# first, then the README's.
	{
		grep '^local' "$_data/pg_hba.conf" | grep -v '^local *replication'
		echo "local     onedoor      +onedoor_admin                                         scram-sha-256"
		echo "hostssl   onedoor      +onedoor_clerk,+onedoor_verifier,+onedoor_approver     127.0.0.1/32  scram-sha-256 clientcert=verify-ca"
		echo "hostssl   onedoor      +onedoor_supervisor,+onedoor_auditor,+onedoor_admin    127.0.0.1/32  scram-sha-256 clientcert=verify-ca"
		echo "host      all          all                                    0.0.0.0/0       reject"
	} >"$_c.hba"
	cp "$_c.hba" "$_data/pg_hba.conf"
	if [ "$(id -u)" -eq 0 ]; then
		_owner=$(stat -c %U "$_data/PG_VERSION")
		chown "$_owner" "$_data/server.crt" "$_data/server.key" "$_data/county-ca.crt" \
			"$_data/pg_hba.conf"
	fi
	chmod 0600 "$_data/server.key"
	if [ -n "$_so" ]; then
		sh "$_pgc" module "$_c" "$_so" || return 1
	fi
	sh "$_pgc" start "$_c" >>"$_c.log" 2>&1 || { tail -n 20 "$_c.log"; return 1; }
	export PGHOST="$_c/run" PGPORT=$_port PGUSER=postgres PGPASSFILE="$_c/pgpass"
	unset PGDATABASE PGSERVICE
}
