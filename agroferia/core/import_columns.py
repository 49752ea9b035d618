"""The columns of the vendor and sales files: their names in both languages, what goes in
them, an example.  The importer reads by these names and the templates are written from
them, so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from agroferia.core.sheets import header_key
from agroferia.i18n import Text, lazy

EXAMPLE_MARK = "(ejemplo)"  # a template's example row starts with it; the importer skips it
EXAMPLE_MARKS = {header_key(EXAMPLE_MARK), header_key("(example)")}


@dataclass(frozen=True)
class Column:
    field: str
    header: Text  # as the template writes it
    aliases: tuple[str, ...]  # other names accepted on import (any case, accents, spacing)
    help: Text
    example: str = ""
    required: bool = False
    choices: str | None = None  # "sex", "category", "region", "payment": a drop-down list

    @property
    def names(self) -> tuple[str, ...]:
        """Every header accepted on import; annotated ones (``Monto (S/)``, ``N° DNI``)
        are matched without their annotations (``sheets.bare_header``)."""
        return (self.header.msgid, self.header.render("en"), *self.aliases)


DOCUMENT_ALIASES = (
    "dni",
    "n dni",
    "numero de dni",
    "dni/ce",
    "no de documento",
    "document",
    "numero de documento",
    "n de documento",
    "documento de identidad",
    "document number",
    "id number",
)
DATE_HELP = lazy("Fecha como dd/mm/aaaa o aaaa-mm-dd (o una fecha de Excel).")

VENDOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "given_names",
        lazy("Nombres"),
        ("nombre", "given name", "first name", "first names", "names"),
        lazy("Nombres del expositor o la expositora."),
        "María Elena",
        required=True,
    ),
    Column(
        "surnames",
        lazy("Apellidos"),
        ("apellido", "surname", "last name", "last names"),
        lazy("Apellidos."),
        "Quispe Huamán",
        required=True,
    ),
    Column(
        "doc_type",
        lazy("Tipo de documento"),
        ("tipo doc", "tipo", "document type", "doc type", "id type"),
        lazy("DNI, CE (carné de extranjería) o RUC. Si se deja vacío: DNI."),
        "DNI",
    ),
    Column(
        "doc_number",
        lazy("Documento"),
        DOCUMENT_ALIASES,
        lazy("Número de documento: el DNI tiene 8 dígitos."),
        "40123456",
        required=True,
    ),
    Column(
        "sex",
        lazy("Sexo"),
        ("sex", "genero", "gender"),
        lazy(
            "Mujer u Hombre; también F, H, Femenino, Masculino, Otro o No indica. M es mujer "
            "si el archivo usa H, y hombre si usa F."
        ),
        "Mujer",
        choices="sex",
    ),
    Column(
        "birth_date",
        lazy("Fecha de nacimiento"),
        (
            "nacimiento",
            "fecha nacimiento",
            "fecha nac",
            "fecha de nac",
            "birth date",
            "date of birth",
            "birthdate",
        ),
        lazy("Para contar jóvenes (15 a 29 años). dd/mm/aaaa."),
        "15/03/1994",
    ),
    Column(
        "region",
        lazy("Región"),
        ("departamento", "region", "department", "region de origen"),
        lazy("Región (departamento) de origen, por ejemplo Junín o Cusco."),
        "Junín",
        choices="region",
    ),
    Column(
        "province",
        lazy("Provincia"),
        ("province",),
        lazy("Provincia de origen (con o sin tildes)."),
        "Jauja",
    ),
    Column(
        "district",
        lazy("Distrito"),
        ("district",),
        lazy("Distrito de origen (con o sin tildes)."),
        "Apata",
    ),
    Column(
        "association",
        lazy("Asociación"),
        ("association", "organizacion", "organization", "asociacion de productores"),
        lazy("Asociación u organización de productores, si tiene."),
        "Asociación de Productores Agroecológicos del Valle",
    ),
    Column(
        "main_category",
        lazy("Rubro"),
        ("rubro principal", "categoria", "category", "main category"),
        lazy("Rubro principal, uno de la lista."),
        "Frutas de costa y selva",
        required=True,
        choices="category",
    ),
    Column(
        "other_categories",
        lazy("Otros rubros"),
        ("otras categorias", "other categories"),
        lazy("Otros rubros que también vende, separados por punto y coma (;)."),
        "",
    ),
    Column(
        "products",
        lazy("Productos"),
        ("productos", "products", "productos que ofrece", "products offered"),
        lazy(
            "Productos que ofrece, separados por punto y coma (;), por ejemplo «Papa nativa; "
            "Oca; Olluco». Los nombres que el catálogo no tiene se añaden a él, por revisar."
        ),
        "Papa nativa; Oca; Olluco",
    ),
    Column(
        "phone",
        lazy("Teléfono"),
        ("phone", "celular", "telefono celular", "mobile", "movil"),
        lazy("Solo dígitos, por ejemplo 987654321."),
        "987654321",
    ),
    Column(
        "email",
        lazy("Correo electrónico"),
        ("correo", "email", "e-mail", "mail"),
        lazy("Opcional."),
        "",
    ),
    Column(
        "stall",
        lazy("Puesto"),
        ("stall", "n de puesto", "numero de puesto", "stand"),
        lazy("Número o nombre del puesto en la feria."),
        "A-12",
    ),
    Column(
        "sgp_certified",
        lazy("Certificación SGP"),
        ("sgp", "organico", "certificacion organica", "sgp certified", "organic"),
        lazy("Sí o No: certificación orgánica por Sistema de Garantía Participativo."),
        "Sí",
    ),
    Column(
        "sgp_expires_on",
        lazy("Vencimiento SGP"),
        ("vencimiento", "sgp expires", "sgp expiry", "vence sgp"),
        lazy("Fecha en que vence la certificación SGP. dd/mm/aaaa."),
        "31/12/2027",
    ),
    Column(
        "registered_on",
        lazy("Fecha de inscripción"),
        ("inscripcion", "fecha inscripcion", "registered on", "registration date"),
        lazy("Si se deja vacía: la fecha de hoy."),
        "",
    ),
    Column(
        "fair",
        lazy("Feria"),
        ("fair", "nombre de la feria"),
        lazy("Feria a la que pertenece (si se deja vacía: la indicada al importar)."),
        "",
    ),
    Column("notes", lazy("Notas"), ("observaciones", "notes", "comentarios"), lazy("Opcional.")),
    Column(
        "consent",
        lazy("Consentimiento"),
        (
            "consent",
            "consentimiento informado",
            "autoriza sus datos",
            "autorizacion de datos",
            "acepta tratamiento de datos",
            "data consent",
        ),
        lazy(
            "Si aceptó que se guarden sus datos (Ley 29733): Sí, No, Firmado (formulario "
            "firmado) o Verbal. Vacío: sin registrar."
        ),
        "Firmado",
    ),
    Column(
        "consent_on",
        lazy("Fecha del consentimiento"),
        ("fecha consentimiento", "fecha de consentimiento", "consent date"),
        lazy("Cuándo lo dio. dd/mm/aaaa."),
        "",
    ),
)

SALES_COLUMNS: tuple[Column, ...] = (
    Column(
        "doc_number",
        lazy("Documento"),
        DOCUMENT_ALIASES,
        lazy("Documento del expositor (ya registrado). O use la columna Código."),
        "40123456",
    ),
    Column(
        "code",
        lazy("Código"),
        ("codigo de expositor", "code", "vendor code"),
        lazy("Código del expositor (EXP-0001), en lugar del documento."),
        "",
    ),
    Column(
        "vendor_name",
        lazy("Expositor"),
        ("nombre", "vendor", "name"),
        lazy("Solo como referencia: no se importa."),
        "María Elena Quispe Huamán",
    ),
    Column(
        "date",
        lazy("Fecha"),
        ("date", "fecha de venta", "dia", "jornada"),
        DATE_HELP,
        "23/11/2026",
        required=True,
    ),
    Column(
        "amount",
        lazy("Monto"),
        (
            "importe",
            "amount",
            "monto vendido",
            "venta",
            "ventas",
            "total",
            "sales",
        ),
        lazy(
            "Venta en soles: 1234.50, 1,234.50, 1234,50 o S/ 12.00, todas con la misma marca "
            "decimal. Escriba los decimales (1,250.00, no 1,250) para que no haya duda."
        ),
        "150.50",
        required=True,
    ),
    Column(
        "payment_method",
        lazy("Medio de pago"),
        ("payment method", "forma de pago", "metodo de pago", "medio pago", "pago", "payment"),
        lazy("Efectivo, Yape, Plin, Tarjeta, Transferencia u Otro. Si se deja vacío: efectivo."),
        "Yape",
        choices="payment",
    ),
    Column(
        "category",
        lazy("Rubro"),
        ("categoria", "category"),
        lazy("Si se deja vacío: el rubro principal del expositor."),
        "",
        choices="category",
    ),
    Column(
        "fair",
        lazy("Feria"),
        ("fair", "nombre de la feria"),
        lazy("Si se deja vacía: la indicada al importar, o la del expositor."),
        "",
    ),
    Column(
        "product",
        lazy("Producto"),
        ("producto", "product", "producto vendido", "product sold"),
        lazy("Opcional: el producto vendido, uno del catálogo (con o sin tildes)."),
        "",
    ),
)


def aliases(columns: tuple[Column, ...]) -> dict[str, tuple[str, ...]]:
    return {c.field: c.names for c in columns}
