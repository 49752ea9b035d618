"""A database on a server shared by several laptops (a network of fairs)."""
