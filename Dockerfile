# syntax=docker/dockerfile:1
# The API and the worker share one image; the command picks the role.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY cli.py worker.py ./
COPY core ./core
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY integrations ./integrations
COPY api ./api
COPY migrations ./migrations
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt .

FROM python:3.11-slim
RUN groupadd --system auditoryx && useradd --system --gid auditoryx --home /app auditoryx
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    API_HOST=0.0.0.0 \
    API_PORT=8000 \
    LOG_FORMAT=json
USER auditoryx
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]
CMD ["auditoryx", "api"]
