"""The store's schema history, as Alembic revisions.

Run only through `crawler.storage` (`upgrade`, `current_revision`, and `Store`, which creates a new
empty store at head), which builds Alembic's configuration in code: users need no alembic.ini.
The revisions describe tables, so they import nothing of the application: a revision must keep
meaning what it meant when it was written, whatever the model becomes.
"""
