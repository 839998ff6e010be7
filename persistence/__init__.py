"""SQLAlchemy 2 implementation of the engine's ports: models, repositories, the unit
of work, Alembic migrations, and the adapters for evidence files and SMTP."""
