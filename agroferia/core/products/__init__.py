"""Products and native varieties: the catalogue, what each vendor offers, and the
agrobiodiversity figures drawn from them."""
