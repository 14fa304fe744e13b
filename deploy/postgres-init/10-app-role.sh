#!/bin/sh
# First start of the PostgreSQL container: the application's login role. It owns nothing; the
# migrations create `auditoryx_app` (the role every app connection assumes) and this role is
# made a member of it. Re-running is harmless; the password goes in as a psql variable, so any
# characters are safe.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$APP_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
SELECT 'CREATE ROLE auditoryx_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_app') \gexec
SELECT format('CREATE ROLE auditoryx_api LOGIN PASSWORD %L IN ROLE auditoryx_app', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_api') \gexec
SQL
# The per-person key store's database (KEYSTORE_URL): separate, so a dump of `auditoryx` never
# holds a person key; `auditoryx migrate` creates its schema.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
SELECT 'CREATE DATABASE auditoryx_keys' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'auditoryx_keys') \gexec
SQL
