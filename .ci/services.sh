#!/usr/bin/env bash
# Make PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) reachable: use them if they
# run, start them if they are installed but stopped, install them from Debian if missing.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! pg_up; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "ci: installing PostgreSQL"; apt_install postgresql postgresql-client
  fi
  if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$version" main >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  conf=/etc/postgresql/$version/main
  # Trust on loopback, as on every Walletdesk machine.
  if ! grep -q "walletdesk-ci" "$conf/pg_hba.conf"; then
    sed -i '1i host all all 127.0.0.1/32 trust # walletdesk-ci\nhost all all ::1/128 trust # walletdesk-ci\nlocal all all trust # walletdesk-ci' "$conf/pg_hba.conf"
  fi
  echo "ci: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 60); do pg_up && break; sleep 0.5; done
fi
pg_up || { echo "ci: PostgreSQL did not come up" >&2; exit 1; }
# The replica test (tests/test_replica.py) copies the cluster with pg_basebackup over
# a replication connection from 127.0.0.1.
hba=$(psql -h 127.0.0.1 -U postgres -Atc "SHOW hba_file" 2>/dev/null || true)
if [ -n "$hba" ] && [ -w "$hba" ] && ! grep -q "^host replication all 127.0.0.1/32" "$hba"; then
  sed -i '1i host replication all 127.0.0.1/32 trust # walletdesk-ci' "$hba"
  psql -h 127.0.0.1 -U postgres -Atc "SELECT pg_reload_conf()" >/dev/null
fi

if ! redis_up; then
  command -v redis-server >/dev/null || { echo "ci: installing Redis"; apt_install redis-server; }
  echo "ci: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 50); do redis_up && break; sleep 0.2; done
fi
redis_up || { echo "ci: Redis did not come up" >&2; exit 1; }
echo "ci: PostgreSQL and Redis are up"
