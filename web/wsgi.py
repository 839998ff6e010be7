"""The WSGI entry point for production: ``gunicorn -w 4 'web.wsgi:app'``. Timer
sweeps then run on Celery workers (web.worker), not in the web processes, and so does
the OCR of uploaded scans (the web processes only queue it). Several workers must
share one count of failed sign-ins: unless CHIDAO_RATELIMIT_STORAGE says otherwise it
is kept in Redis (CHIDAO_REDIS_URL)."""
from config.settings import Settings
from web.app import create_app
from web.background import CeleryJobs
from web.bootstrap import build_services
from web.heap import settle_heap
from web.worker import celery

settings = Settings.from_env()
settings.ratelimit_storage = settings.ratelimit_storage or settings.redis_url
services = build_services(settings)
services.background = CeleryJobs(celery)
app = create_app(services, settings=settings)
settle_heap()
