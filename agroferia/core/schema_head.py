"""The schema revision this version of the app writes: alembic's head, kept here so that
opening an up-to-date database compares two strings instead of loading alembic and reading
every migration script.  A test keeps it equal to the head of ``db/versions``; a new
migration changes it too."""

HEAD_REVISION = "0010"
