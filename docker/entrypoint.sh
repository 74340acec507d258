#!/bin/sh
# Start a Tremplin container. The web server first applies the migrations and collects the static files;
# the worker and beat start straight away (the web container migrates for them).
set -eu

if [ "${1:-}" = "gunicorn" ]; then
  python manage.py migrate --noinput
  python manage.py collectstatic --noinput
fi

exec "$@"
