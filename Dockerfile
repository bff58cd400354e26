FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
# collectstatic needs settings but no secrets or database.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --create-home runpath
USER runpath
EXPOSE 8000
CMD ["gunicorn", "coaching.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "4", "--access-logfile", "-"]
