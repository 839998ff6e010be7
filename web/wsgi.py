"""The WSGI entry point for production: ``gunicorn -w 4 'web.wsgi:app'``. Timer
sweeps then run on Celery workers (web.worker), not in the web processes."""
from web.app import create_app

app = create_app()
