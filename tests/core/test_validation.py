"""Field validators and the Checker that gathers their errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.pe import ruc as stdnum_ruc

from agroferia.core import ubigeo
from agroferia.core import validation as v
from agroferia.core.errors import FieldError, ValidationError
from agroferia.core.models import DocType, PaymentMethod, Sex
from agroferia.i18n import lazy

DIGITS = "0123456789"
TODAY = dt.date(2025, 6, 15)


def message_of(fn, *args, **kw) -> str:
    with pytest.raises(v.Invalid) as info:
        fn(*args, **kw)
    return info.value.message.render()


# ---------------------------------------------------------------- DNI


@given(st.text(alphabet=DIGITS, min_size=8, max_size=8))
def test_any_eight_digits_is_a_dni(number: str) -> None:
    assert v.doc_number(DocType.DNI, number) == number


@given(
    st.text(alphabet=DIGITS, min_size=1, max_size=20).filter(lambda s: len(s) != 8),
)
def test_dni_of_any_other_length_refused(number: str) -> None:
    assert message_of(v.doc_number, DocType.DNI, number) == (
        "el DNI debe tener exactamente 8 dígitos"
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("1234-5678", "12345678"), (" 12 345 678 ", "12345678"), (12345678, "12345678")],
)
def test_dni_separators_are_dropped(raw: object, clean: str) -> None:
    assert v.doc_number("DNI", raw) == clean


@pytest.mark.parametrize("raw", ["1234567A", "ABCDEFGH", "1234567", "123456789", "+1234567"])
def test_dni_refuses_letters_and_wrong_lengths(raw: str) -> None:
    with pytest.raises(v.Invalid):
        v.doc_number("DNI", raw)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_document_number_required(raw: object) -> None:
    assert message_of(v.doc_number, "DNI", raw) == "es obligatorio"


@pytest.mark.parametrize("raw", ["１２３４５６７８", "١٢٣٤٥٦٧٨"])
def test_dni_is_stored_in_ascii_digits(raw: str) -> None:
    try:
        clean = v.doc_number("DNI", raw)
    except v.Invalid:
        return  # refusing is fine too
    assert clean == "12345678"


# ---------------------------------------------------------------- RUC


def _valid_ruc(first_ten: str) -> str:
    return first_ten + stdnum_ruc.calc_check_digit(first_ten)


RUC_BODIES = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["10", "15", "17", "20"]),
    st.text(alphabet=DIGITS, min_size=8, max_size=8),
)


@given(RUC_BODIES)
def test_ruc_with_right_check_digit_accepted(body: str) -> None:
    number = _valid_ruc(body)
    assert len(number) == 11
    assert v.doc_number(DocType.RUC, number) == number


@given(RUC_BODIES, st.integers(min_value=1, max_value=9))
def test_ruc_with_wrong_check_digit_refused(body: str, shift: int) -> None:
    good = _valid_ruc(body)
    bad = good[:-1] + str((int(good[-1]) + shift) % 10)
    assert message_of(v.doc_number, DocType.RUC, bad) == (
        "el RUC no es válido (el dígito verificador no coincide)"
    )


@pytest.mark.parametrize("raw", ["2010000000", "201000000091", "2010000000A"])
def test_ruc_must_have_eleven_digits(raw: str) -> None:
    assert message_of(v.doc_number, DocType.RUC, raw) == "el RUC debe tener exactamente 11 dígitos"


def test_ruc_with_separators() -> None:
    number = _valid_ruc("2010000000")
    assert v.doc_number("RUC", f"{number[:2]}-{number[2:10]}-{number[10]}") == number


# ---------------------------------------------------------------- CE


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ab123456", "AB123456"),
        ("001234567", "001234567"),
        ("ABCDEFGHIJKL", "ABCDEFGHIJKL"),
        ("CE-1234-5678", "CE12345678"),
    ],
)
def test_ce_accepts_8_to_12_letters_or_digits(raw: str, clean: str) -> None:
    assert v.doc_number(DocType.CE, raw) == clean


@given(st.text(alphabet=DIGITS + "ABCXYZ", min_size=8, max_size=12))
def test_ce_any_alphanumeric_of_right_length(number: str) -> None:
    assert v.doc_number(DocType.CE, number) == number


@pytest.mark.parametrize("raw", ["1234567", "ABCDEFGHIJKLM", "ABC_12345", "ÑANDU1234"])
def test_ce_refused(raw: str) -> None:
    assert message_of(v.doc_number, DocType.CE, raw) == (
        "el carné de extranjería debe tener de 8 a 12 letras o dígitos"
    )


# ---------------------------------------------------------------- document type


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("DNI", "DNI"),
        ("dni", "DNI"),
        (" d.n.i. ", "DNI"),
        ("", "DNI"),
        (None, "DNI"),
        ("ce", "CE"),
        ("C.E.", "CE"),
        ("Carnet de extranjería", "CE"),
        ("carné", "CE"),
        ("ruc", "RUC"),
    ],
)
def test_doc_type(raw: object, kind: str) -> None:
    assert v.doc_type(raw) == kind


def test_doc_type_refused() -> None:
    assert message_of(v.doc_type, "pasaporte") == "debe ser DNI, CE o RUC"


# ---------------------------------------------------------------- sex


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("F", Sex.FEMALE),
        ("f", Sex.FEMALE),
        ("Femenino", Sex.FEMALE),
        ("FEMENINO", Sex.FEMALE),
        ("mujer", Sex.FEMALE),
        ("Woman", Sex.FEMALE),
        ("female", Sex.FEMALE),
        ("M", Sex.MALE),
        ("m", Sex.MALE),
        ("H", Sex.MALE),
        ("h", Sex.MALE),
        ("Masculino", Sex.MALE),
        ("HOMBRE", Sex.MALE),
        ("Varón", Sex.MALE),
        ("man", Sex.MALE),
        ("MAN", Sex.MALE),
        (" hombre ", Sex.MALE),
        ("otro", Sex.OTHER),
        ("no indica", Sex.NOT_STATED),
        ("", Sex.NOT_STATED),
        ("   ", Sex.NOT_STATED),
        (None, Sex.NOT_STATED),
    ],
)
def test_sex_words(raw: object, value: Sex) -> None:
    assert v.sex(raw) == value.value


@pytest.mark.parametrize("raw", ["x", "FM", "mujeres", "1"])
def test_sex_unknown_word_refused(raw: str) -> None:
    assert message_of(v.sex, raw) == "debe ser Mujer, Hombre, F, H, M, otro o no indica"


def test_the_letter_m_means_what_its_file_says():
    assert v.sex("M") == v.sex("m", m="M") == Sex.MALE.value  # the form's code
    assert v.sex(" m ", m="F") == Sex.FEMALE.value  # a file that writes H for men
    assert v.sex("Masculino", m="F") == Sex.MALE.value  # only the bare letter


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("15/06/1990", dt.date(1990, 6, 15)),
        ("1990-06-15", dt.date(1990, 6, 15)),
        ("15-06-1990", dt.date(1990, 6, 15)),
        ("1/2/1990", dt.date(1990, 2, 1)),
        (" 01/02/1990 ", dt.date(1990, 2, 1)),
        (dt.date(1990, 6, 15), dt.date(1990, 6, 15)),
        (dt.datetime(1990, 6, 15, 10, 30), dt.date(1990, 6, 15)),
    ],
)
def test_parse_date_formats(raw: object, date: dt.date) -> None:
    assert v.parse_date(raw) == date


@pytest.mark.parametrize("raw", ["", None, "  "])
def test_blank_date_is_none(raw: object) -> None:
    assert v.parse_date(raw) is None
    assert v.birth_date(raw, TODAY) is None


@pytest.mark.parametrize("raw", ["15.06.1990", "ayer", "22/11/2026 10:30", "1/1/1"])
def test_parse_date_refuses(raw: str) -> None:
    assert message_of(v.parse_date, raw) == "no es una fecha válida (use dd/mm/aaaa)"


@pytest.mark.parametrize("raw", ["31/02/2000", "29/02/2026", "1990-13-01", "06/15/1990"])
def test_parse_date_refuses_days_that_do_not_exist(raw: str) -> None:
    assert message_of(v.parse_date, raw) == "esa fecha no existe (use dd/mm/aaaa: día, mes y año)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-22 00:00:00", dt.date(2026, 11, 22)),
        ("22/11/26", dt.date(2026, 11, 22)),
        ("03/05/99", dt.date(1999, 5, 3)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_spreadsheet_forms(raw: str, expected: dt.date) -> None:
    assert v.parse_date(raw) == expected


def test_birth_date_today_is_allowed() -> None:
    assert v.birth_date("15/06/2025", TODAY) == TODAY


@pytest.mark.parametrize("raw", ["16/06/2025", "2030-01-01"])
def test_birth_date_in_the_future_refused(raw: str) -> None:
    assert message_of(v.birth_date, raw, TODAY) == "no puede estar en el futuro"


def test_birth_date_age_110_or_more_refused() -> None:
    assert message_of(v.birth_date, "15/06/1915", TODAY) == "indica una edad de 110 años o más"
    assert message_of(v.birth_date, "1900-01-01", TODAY) == "indica una edad de 110 años o más"
    # the day after: still 109
    assert v.birth_date("16/06/1915", TODAY) == dt.date(1915, 6, 16)


# ---------------------------------------------------------------- phone and email


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("987654321", "987654321"),
        ("987 654 321", "987654321"),
        ("987-654-321", "987654321"),
        ("+51 987 654 321", "51987654321"),
        ("(01) 123-4567", "011234567"),
        ("123456", "123456"),
        ("123456789012345", "123456789012345"),
        (987654321, "987654321"),
    ],
)
def test_phone_keeps_digits_only(raw: object, clean: str) -> None:
    assert v.phone(raw) == clean


@pytest.mark.parametrize("raw", ["98765432a", "phone", "987.654.321", "51+987654321", "++51987654"])
def test_phone_refuses_letters_and_symbols(raw: str) -> None:
    assert message_of(v.phone, raw) == "solo admite dígitos"


@pytest.mark.parametrize("raw", ["12345", "1234567890123456"])
def test_phone_length(raw: str) -> None:
    assert message_of(v.phone, raw) == "debe tener entre 6 y 15 dígitos"


def test_blank_phone_is_none() -> None:
    assert v.phone("") is None
    assert v.phone(None) is None


@given(st.text(alphabet=DIGITS, min_size=6, max_size=15))
def test_any_6_to_15_digits_is_a_phone(number: str) -> None:
    assert v.phone(number) == number


def test_phone_stores_ascii_digits_only() -> None:
    assert v.phone("９８７ ６５４ ３２１") == "987654321"  # full-width, as some keyboards type
    with pytest.raises(v.Invalid):
        v.phone("٩٨٧٦٥٤٣٢١")  # Arabic-Indic digits are not a Peruvian phone


def test_email() -> None:
    assert v.email(" Ana.Quispe@Example.PE ") == "ana.quispe@example.pe"
    assert v.email("") is None
    assert message_of(v.email, "ana@") == "no es un correo electrónico válido"
    assert message_of(v.email, "ana quispe@x.pe") == "no es un correo electrónico válido"


# ---------------------------------------------------------------- text and numbers


def test_text_collapses_spaces_and_checks_length() -> None:
    assert v.text("  María   del  Carmen ") == "María del Carmen"
    assert v.text("") is None
    assert message_of(v.text, "", required=True) == "es obligatorio"
    assert message_of(v.text, "abcdef", max_len=5) == "admite como máximo 5 caracteres"
    assert v.text("abcde", max_len=5) == "abcde"


def test_non_negative_int() -> None:
    assert v.non_negative_int("1,234") == 1234
    assert v.non_negative_int("") is None
    assert message_of(v.non_negative_int, "-1") == "no puede ser negativo"
    assert message_of(v.non_negative_int, "3.5") == "debe ser un número entero"


def test_positive_cents() -> None:
    assert v.positive_cents("12,50") == 1250
    assert message_of(v.positive_cents, "0") == "debe ser mayor que cero"


# ---------------------------------------------------------------- place


def test_place_matches_ignoring_case_and_accents() -> None:
    found = v.place("lima", "CANETE", "imperial")
    assert found == ubigeo.Place("Lima", "Cañete", "Imperial", "150507")


def test_place_partial() -> None:
    assert v.place("LIMA", None, None) == ubigeo.Place("Lima", ubigeo="15")
    assert v.place("lima", "cañete", "") == ubigeo.Place("Lima", "Cañete", ubigeo="1505")
    assert v.place("", "", "") is None
    assert v.place(None, None, None) is None


def test_place_accented_district_names() -> None:
    assert v.place("Lima", "Cañete", "pacaran").district == "Pacarán"
    assert v.place("Lima", "Cañete", "ZUNIGA").ubigeo == "150516"


def test_place_unknown_region() -> None:
    with pytest.raises(v.Invalid) as info:
        v.place("Atlantis", "Cañete", "Imperial")
    assert info.value.message.render() == "«Atlantis» no es una región del Perú"
    assert info.value.field is None  # the region itself is blamed


def test_place_province_not_in_region_blames_province() -> None:
    with pytest.raises(v.Invalid) as info:
        v.place("Lima", "Cusco", None)
    assert info.value.field == "province"
    assert info.value.label.render() == "Provincia"
    assert info.value.message.render() == "«Cusco» no es una provincia de Lima"


def test_place_district_not_in_province_blames_district() -> None:
    with pytest.raises(v.Invalid) as info:
        v.place("Lima", "Cañete", "Miraflores")
    assert info.value.field == "district"
    assert info.value.message.render() == "«Miraflores» no es un distrito de Cañete"


def test_place_district_without_province_blames_province() -> None:
    with pytest.raises(v.Invalid) as info:
        v.place("Lima", "", "Imperial")
    assert info.value.field == "province"


def test_place_without_region() -> None:
    with pytest.raises(v.Invalid) as info:
        v.place("", "Cañete", "")
    assert info.value.field is None
    assert info.value.message.render() == "indique la región antes que la provincia o el distrito"


def test_checker_routes_place_errors_to_the_blamed_field() -> None:
    c = v.Checker()
    assert c.check("region", lazy("Región"), v.place, "Lima", "Cusco", "") is None
    assert c.check("region", lazy("Región"), v.place, "Narnia", "", "") is None
    with pytest.raises(ValidationError) as info:
        c.done()
    assert [e.field for e in info.value.errors] == ["province", "region"]
    assert info.value.errors[0].label.render() == "Provincia"


# ---------------------------------------------------------------- payment methods


@pytest.mark.parametrize(
    ("raw", "method"),
    [
        ("efectivo", PaymentMethod.CASH),
        ("EFECTIVO", PaymentMethod.CASH),
        ("cash", PaymentMethod.CASH),
        ("", PaymentMethod.CASH),
        (None, PaymentMethod.CASH),
        ("Yape", PaymentMethod.YAPE),
        ("plin", PaymentMethod.PLIN),
        ("Tarjeta", PaymentMethod.CARD),
        ("POS", PaymentMethod.CARD),
        ("card", PaymentMethod.CARD),
        ("transferencia", PaymentMethod.TRANSFER),
        ("Transfer", PaymentMethod.TRANSFER),
        ("otro", PaymentMethod.OTHER),
    ],
)
def test_payment_method_words(raw: object, method: PaymentMethod) -> None:
    assert v.payment_method(raw) == method.value


def test_payment_method_unknown() -> None:
    assert message_of(v.payment_method, "bitcoin") == (
        "debe ser efectivo, Yape, Plin, tarjeta, transferencia u otro"
    )


# ---------------------------------------------------------------- Checker and messages


def test_checker_collects_every_error_then_raises_once() -> None:
    c = v.Checker()
    assert c.check("dni", lazy("DNI"), v.doc_number, "DNI", "123") is None
    assert c.check("phone", lazy("Teléfono"), v.phone, "abc") is None
    assert c.check("amount", lazy("Monto"), v.positive_cents, "-3") is None  # a MoneyError
    assert c.check("sex", lazy("Sexo"), v.sex, "F") == "F"
    with pytest.raises(ValidationError) as info:
        c.done()
    errors = info.value.errors
    assert [e.field for e in errors] == ["dni", "phone", "amount"]
    assert all(isinstance(e, FieldError) for e in errors)
    assert info.value.for_field("phone")[0].message.render() == "solo admite dígitos"
    assert errors[2].message.render() == "no puede ser negativo"


def test_checker_without_errors_does_not_raise() -> None:
    c = v.Checker()
    c.check("sex", lazy("Sexo"), v.sex, "M")
    c.done()
    assert c.errors == []


def test_validation_error_renders_in_spanish_by_default() -> None:
    c = v.Checker()
    c.check("doc_number", lazy("Número de documento"), v.doc_number, "DNI", "123")
    c.check("phone", lazy("Teléfono"), v.phone, "12a")
    with pytest.raises(ValidationError) as info:
        c.done()
    assert str(info.value) == (
        "Número de documento: el DNI debe tener exactamente 8 dígitos; "
        "Teléfono: solo admite dígitos"
    )


def test_validation_error_needs_errors() -> None:
    with pytest.raises(ValueError):
        ValidationError([])


def test_message_parameters_are_filled_in() -> None:
    assert message_of(v.text, "x" * 81, max_len=80) == "admite como máximo 80 caracteres"
