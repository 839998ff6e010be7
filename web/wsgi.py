"""The WSGI entry point for production: ``gunicorn -w 4 'web.wsgi:app'``. Timer
sweeps then run on Celery workers (web.worker), not in the web processes, and so does
the OCR of uploaded scans (the web processes only queue it)."""
from config.settings import Settings
from web.app import create_app
from web.background import CeleryJobs
from web.bootstrap import build_services
from web.worker import celery

services = build_services(Settings.from_env())
services.background = CeleryJobs(celery)
app = create_app(services)
