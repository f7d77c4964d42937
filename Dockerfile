# MIL CLICKS bot: long polling, progress in an SQLite file on the /data volume (or, with
# docker-compose.yml, webhook workers on PostgreSQL).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LESSONS_DIR=/app/lessons \
    QUIZZES_DIR=/app/quizzes \
    CUES_FILE=/app/cues/cues.yaml \
    DATABASE_URL=sqlite+aiosqlite:////data/milclicks.sqlite3

# A Thai font for the pictures (matplotlib's DejaVu Sans covers Latin, Cyrillic and Arabic).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-thai-tlwg \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 milclicks \
    && mkdir /data && chown milclicks /data
WORKDIR /app

COPY pyproject.toml README.md ./
EXPOSE 8080
COPY bot ./bot
COPY storage ./storage
COPY i18n ./i18n
# Compiled catalogs are build products, made here as `make install` makes them.
RUN pip install "babel>=2.17,<3" \
    && for po in i18n/locale/*/LC_MESSAGES/milclicks.po; do \
        mo="bot/languages/compiled/${po#i18n/locale/}"; mkdir -p "$(dirname "$mo")"; \
        pybabel compile -i "$po" -o "${mo%.po}.mo"; done \
    && pip install ".[postgres]"

COPY lessons ./lessons
COPY quizzes ./quizzes
COPY cues ./cues
COPY schemas ./schemas

USER milclicks
VOLUME ["/data"]
# docker stop sends SIGTERM: the bot finishes the update in hand and exits with 0.
STOPSIGNAL SIGTERM
CMD ["milclicks", "run"]
