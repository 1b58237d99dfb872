# Roundtable Bot: `roundtable-bot serve` (Socket Mode with SLACK_APP_TOKEN, otherwise HTTP on PORT).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/roundtable.db

RUN useradd --create-home --uid 10001 roundtable \
    && mkdir -p /data && chown roundtable /data
WORKDIR /app
COPY --chown=roundtable . /app
# The same install step the README's commands run, from the pinned, hashed requirements.lock.
RUN VENV=/opt/venv scripts/install
ENV PATH="/opt/venv/bin:$PATH"

USER roundtable
VOLUME ["/data"]
EXPOSE 3000
# Liveness: the process answers. (Readiness, /readyz, is what docker-compose.yml checks.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
# On SIGTERM the bot stops taking work and finishes what is under way within
# ROUNDTABLE_SHUTDOWN_GRACE (20 s); give it longer than that before SIGKILL (docker stop -t 30).
STOPSIGNAL SIGTERM
CMD ["roundtable-bot", "serve"]
