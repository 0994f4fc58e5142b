"""The project file: SQLAlchemy models, engine, schema versions, backups and locks."""
