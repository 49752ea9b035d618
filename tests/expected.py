"""Facts the tests check against, written down once."""

# The eight rubros of the Agroferia Campesina de Magdalena, seeded in every new database.
SEEDED_CATEGORIES = (
    "Productos transformados",
    "Frutas de costa y selva",
    "Hortalizas y verduras",
    "Productos frescos",
    "Tubérculos, granos y menestras",
    "Gastronomía",
    "Panadería y tamales",
    "Artesanía",
)
