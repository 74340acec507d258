# Tremplin: one image for the web server, the Celery worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

RUN groupadd --system tremplin \
    && useradd --system --gid tremplin --home-dir /app --shell /usr/sbin/nologin tremplin

# The project's pinned dependencies (gunicorn, celery, psycopg...): `[tool.setuptools] packages = []`, so
# installing `.` installs the dependencies only; the code is copied below and runs from /app.
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY --chown=tremplin:tremplin . .
RUN chmod 0755 docker/entrypoint.sh \
    && mkdir -p /app/media /app/staticfiles \
    && chown tremplin:tremplin /app/media /app/staticfiles

USER tremplin

EXPOSE 8000
ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
