"""Databases on a PostgreSQL server shared by several laptops (a network of fairs)."""
