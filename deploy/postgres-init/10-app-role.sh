#!/bin/sh
# First start of the PostgreSQL container: the application's login role. It owns nothing; the
# migrations create `auditoryx_app` (the role every app connection assumes) and this role is
# made a member of it. Re-running is harmless.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_app') THEN
    CREATE ROLE auditoryx_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_api') THEN
    CREATE ROLE auditoryx_api LOGIN PASSWORD '${APP_DB_PASSWORD}' IN ROLE auditoryx_app;
  END IF;
END
\$\$;
SQL
