"""The application's core: data model, services and statistics. Never imports Qt."""
