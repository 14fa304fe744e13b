# syntax=docker/dockerfile:1
# One image for every AuditoryX process; the command picks the role:
#   auditoryx api (default) | auditoryx worker | auditoryx migrate
# Build: docker build -t auditoryx:<version> .   (see docs/operations.md)
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml constraints.txt README.md ./
COPY cli.py worker.py ./
COPY core ./core
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY integrations ./integrations
COPY api ./api
COPY migrations ./migrations
COPY templates ./templates
# A regular (non-editable) install: the runtime stage gets the venv only, not the sources.
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/venv/bin/pip install -c constraints.txt .

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="AuditoryX Enterprise" \
      org.opencontainers.image.description="AuditoryX API, Temporal worker and migrations"
RUN groupadd --system --gid 10001 auditoryx \
 && useradd --system --uid 10001 --gid auditoryx --home-dir /app --shell /usr/sbin/nologin auditoryx
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The worker's build id is <package version>-<BUILD_COMMIT> (docs/operations.md, "Rolling out a
# worker version"): docker build --build-arg BUILD_COMMIT=$(git rev-parse --short=12 HEAD) .
ARG BUILD_COMMIT=""
ENV BUILD_COMMIT=${BUILD_COMMIT}
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    API_HOST=0.0.0.0 \
    API_PORT=8000 \
    LOG_FORMAT=json
# Numeric so that orchestrators can verify "runs as non-root" without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000
# Liveness of the API (the default command). A worker or migrate container has no HTTP port:
# override or disable this check there (docker-compose.yml does).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('API_PORT', '8000'), timeout=3)"]
CMD ["auditoryx", "api"]
