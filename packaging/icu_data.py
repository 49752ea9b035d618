"""ICU's data, cut down to what Qt uses for an app in Spanish and English (Linux builds).

Qt's Linux wheels link ICU, whose data library (``libicudata.so.NN``, 31 MB) holds every
locale's names of languages, currencies, units and time zones, 200 legacy converters and
the dictionaries for breaking Thai, Khmer or Chinese text.  Qt itself only asks ICU for
case mapping, normalization, collation and the basic locale data; the app's own text comes
from its catalogues and its numbers and dates from Babel.

``trim`` copies the library's one data package (the ``icudtNN_dat`` symbol, ICU's "common
data" format: a header, a table of contents of named items, the items) keeping only the
items ``keep`` accepts, and links it as a new shared library with the same name and symbol
(gcc).  ``check`` loads the new library with ICU's own ``libicuuc`` and opens a collator and
a case map for ``es_PE``, so that a cut too deep fails the build, not the app.

    python packaging/icu_data.py LIBICUDATA OUT.so     # trims, links and checks
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

MAGIC = b"\xda\x27"
ALIGN = 16
KEEP_LANGUAGES = {"root", "es", "en"}
# whole groups the app never reaches through Qt: display names of languages, regions,
# currencies, units and zones, transliteration, spelled-out numbers
DROPPED_GROUPS = {"lang", "region", "curr", "unit", "zone", "translit", "rbnf"}
LOCALE_ITEM = re.compile(r"^(?P<lang>[a-z]{2,3}|root)(_[A-Za-z0-9]*)*\.res$")  # de__PHONEBOOK
# character names and spoofing checks: never asked for by Qt
DROPPED_FILES = {"unames.icu", "confusables.cfu", "confusablesWholeScript.cfu"}
NOT_LOCALES = {"res_index.res", "pool.res"}


def keep(name: str) -> bool:
    """Whether the item ``icudtNNl/GROUP/FILE`` (or ``icudtNNl/FILE``) stays."""
    parts = name.split("/")[1:]
    group, file = (parts[0], parts[-1]) if len(parts) > 1 else ("", parts[0])
    if group in DROPPED_GROUPS or file.endswith(".cnv") or file in DROPPED_FILES:
        return False
    if group == "brkitr" and file.endswith(".dict"):  # Thai, Khmer, CJK… word lists
        return False
    locale = LOCALE_ITEM.match(file)
    if locale and file not in NOT_LOCALES:
        return locale["lang"] in KEEP_LANGUAGES
    return True


def symbol(library: bytes) -> tuple[str, int, int]:
    """The data symbol's name, file offset and size, from the ELF's dynamic symbols."""
    if library[:4] != b"\x7fELF" or library[4] != 2:
        raise ValueError("not a 64-bit ELF library")
    shoff, _flags, _ehsize, _phes, _phn, shentsize, shnum = struct.unpack_from(
        "<QIHHHHH", library, 0x28
    )
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)
    ]
    for _name, kind, _fl, _addr, offset, size, link, _info, _al, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for k in range(size // entsize):
            st_name, _inf, _oth, shndx, value, st_size = struct.unpack_from(
                "<IBBHQQ", library, offset + k * entsize
            )
            end = library.index(b"\0", strings + st_name)
            name = library[strings + st_name : end].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and st_size:
                section = sections[shndx]
                return name, value - section[3] + section[4], st_size
    raise ValueError("no icudtNN_dat symbol")


def items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its (name, data) items, in order."""
    header_size = struct.unpack_from("<H", package)[0]
    if package[2:4] != MAGIC or package[12:16] != b"CmnD":
        raise ValueError("not ICU common data")
    count = struct.unpack_from("<I", package, header_size)[0]
    toc = [struct.unpack_from("<II", package, header_size + 4 + 8 * k) for k in range(count)]
    result = []
    for k, (name_at, data_at) in enumerate(toc):
        start = header_size + name_at
        name = package[start : package.index(b"\0", start)].decode("ascii")
        end = toc[k + 1][1] if k + 1 < count else len(package) - header_size
        result.append((name, package[header_size + data_at : header_size + end]))
    return package[:header_size], result


def pack(header: bytes, kept: list[tuple[str, bytes]]) -> bytes:
    """A package with ``kept`` items: table of contents, names, then data 16-aligned."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in kept)
    toc_size = 4 + 8 * len(kept)
    data_start = toc_size + len(names)
    data_start += -(len(header) + data_start) % ALIGN
    toc, body, name_at, data_at = [], bytearray(), toc_size, data_start
    for name, data in kept:
        toc.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name) + 1
        body += data + b"\0" * (-len(data) % ALIGN)
    padding = b"\0" * (data_start - toc_size - len(names))
    return header + struct.pack("<I", len(kept)) + b"".join(toc) + names + padding + bytes(body)


def trim(source: Path, out: Path) -> tuple[int, int]:
    """Writes the cut-down library to ``out``; returns the data's size before and after."""
    library = source.read_bytes()
    name, offset, size = symbol(library)
    header, everything = items(library[offset : offset + size])
    package = pack(header, [(n, d) for n, d in everything if keep(n)])
    with tempfile.TemporaryDirectory() as tmp:
        blob, asm = Path(tmp) / "data.bin", Path(tmp) / "data.S"
        blob.write_bytes(package)
        asm.write_text(
            f".section .rodata\n.balign 16\n.globl {name}\n.type {name}, @object\n"
            f'.size {name}, {len(package)}\n{name}:\n.incbin "{blob}"\n'
            '.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{source.name}", "-o", str(out), str(asm)],
            check=True,
        )
    return size, len(package)


CHECK = r"""
import ctypes, sys
data = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_GLOBAL)
uc = ctypes.CDLL(sys.argv[2], mode=ctypes.RTLD_GLOBAL)
i18n = ctypes.CDLL(sys.argv[3])
v = "_" + sys.argv[4]
def function(lib, name, restype=ctypes.c_int):
    f = getattr(lib, name + v)
    f.restype = restype
    return f
def ok(status, what):
    assert status.value == 0, (what, status.value)  # a warning (a fallback) fails too
status = ctypes.c_int(0)
function(uc, "u_init")(ctypes.byref(status))
ok(status, "u_init")
# NFKC comes from the data (NFC is built into the library)
function(uc, "unorm2_getNFKCInstance", ctypes.c_void_p)(ctypes.byref(status))
ok(status, "NFKC")
# Spanish collation: ñ is a letter after n (after "nz"), which the root order does not do
status = ctypes.c_int(0)
coll = function(i18n, "ucol_open", ctypes.c_void_p)(b"es", ctypes.byref(status))
ok(status, "ucol_open es")
actual = function(i18n, "ucol_getLocaleByType", ctypes.c_char_p)(
    ctypes.c_void_p(coll), 1, ctypes.byref(status))
assert actual == b"es", actual
n_tilde, nz = "ñ".encode(), b"nz"
order = function(i18n, "ucol_strcollUTF8")(
    ctypes.c_void_p(coll), n_tilde, len(n_tilde), nz, len(nz), ctypes.byref(status))
ok(status, "ucol_strcollUTF8")
assert order == 1, ("ñ after nz in Spanish", order)
# the app's locales resolve to their own data, not to a fallback
for locale, expected in ((b"es_PE", b"es"), (b"en_GB", b"en_GB")):
    status = ctypes.c_int(0)
    bundle = function(uc, "ures_open", ctypes.c_void_p)(None, locale, ctypes.byref(status))
    assert status.value <= 0 and bundle, (locale, status.value)
    found = function(uc, "ures_getLocaleByType", ctypes.c_char_p)(
        ctypes.c_void_p(bundle), 1, ctypes.byref(status))
    assert found in (locale, expected), (locale, found)
"""


def check(data_library: Path, folder: Path) -> None:
    """Opens ICU with ``data_library`` next to the ``libicuuc``/``libicui18n`` in ``folder``
    and asks it what Qt may: initialising, NFKC normalization, Spanish collation (``ñ``
    after ``nz``) and the app's locales from their own data; raises when any fails or
    falls back."""
    version = re.search(r"\.so\.(\d+)", data_library.name)[1]
    subprocess.run(
        [
            sys.executable,
            "-c",
            CHECK,
            str(data_library),
            str(folder / f"libicuuc.so.{version}"),
            str(folder / f"libicui18n.so.{version}"),
            version,
        ],
        check=True,
    )


if __name__ == "__main__":
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    before, after = trim(source, out)
    check(out, source.parent)
    print(f"ICU data: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
