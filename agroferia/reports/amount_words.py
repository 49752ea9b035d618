"""An amount of soles written out, as a Peruvian receipt says it: «QUINCE CON 50/100 SOLES»,
in English «FIFTEEN AND 50/100 SOLES». Whole soles up to 999,999,999."""

from __future__ import annotations

UNITS_ES = (  # noqa: SIM905 (words read more easily in one string)
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés "
    "veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve"
).split()
TENS_ES = "_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()  # noqa: SIM905
HUNDREDS_ES = (  # noqa: SIM905 (words read more easily in one string)
    "_ ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
).split()

UNITS_EN = (  # noqa: SIM905 (words read more easily in one string)
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS_EN = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905


def _below_thousand_es(n: int) -> str:
    if n == 100:
        return "cien"
    hundreds, rest = divmod(n, 100)
    words = [HUNDREDS_ES[hundreds]] if hundreds else []
    if rest < 30 and (rest or not hundreds):
        words.append(UNITS_ES[rest])
    elif rest:
        tens, unit = divmod(rest, 10)
        words.append(TENS_ES[tens] + (f" y {UNITS_ES[unit]}" if unit else ""))
    return " ".join(words)


def _spanish(n: int) -> str:
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words = []
    if millions:
        words.append("un millón" if millions == 1 else f"{_apocope(millions)} millones")
    if thousands:
        words.append("mil" if thousands == 1 else f"{_apocope(thousands)} mil")
    if units or not words:
        words.append(_below_thousand_es(units))
    return " ".join(words)


def _apocope(n: int) -> str:
    """Before «mil» and «millones»: «veintiún», «un», «treinta y un»."""
    words = _below_thousand_es(n)
    if words.endswith("veintiuno"):
        return words[: -len("veintiuno")] + "veintiún"
    if words.endswith("uno"):
        return words[:-1]
    return words


def _below_thousand_en(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{UNITS_EN[hundreds]} hundred"] if hundreds else []
    if rest < 20 and (rest or not hundreds):
        words.append(UNITS_EN[rest])
    elif rest:
        tens, unit = divmod(rest, 10)
        words.append(TENS_EN[tens] + (f"-{UNITS_EN[unit]}" if unit else ""))
    return " ".join(words)


def _english(n: int) -> str:
    words = []
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        part, n = divmod(n, size)
        if part:
            words.append(f"{_below_thousand_en(part)} {name}")
    if n or not words:
        words.append(_below_thousand_en(n))
    return " ".join(words)


def amount_in_words(cents: int, lang: str = "es") -> str:
    """``QUINCE CON 50/100 SOLES`` (``lang`` ``es``) or ``FIFTEEN AND 50/100 SOLES``."""
    soles, rest = divmod(cents, 100)
    if lang == "en":
        return f"{_english(soles)} and {rest:02d}/100 soles".upper()
    return f"{_spanish(soles)} con {rest:02d}/100 soles".upper()
