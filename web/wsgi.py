"""The WSGI entry point for production: ``gunicorn -w 4 'web.wsgi:app'``. Timer
sweeps then run on Celery workers (web.worker), not in the web processes. Several
workers must share one count of failed sign-ins: unless CHIDAO_RATELIMIT_STORAGE says
otherwise it is kept in Redis (CHIDAO_REDIS_URL)."""
from config.settings import Settings
from web.app import create_app

settings = Settings.from_env()
settings.ratelimit_storage = settings.ratelimit_storage or settings.redis_url
app = create_app(settings=settings)
