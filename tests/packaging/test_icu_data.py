"""``packaging/icu_data.py``: Qt's ICU data rebuilt with only what Qt uses, item for item
the same bytes, and a check that fails when the cut goes too deep."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Qt's Linux wheels carry their own ICU"
)

REPO = Path(__file__).resolve().parents[2]
QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"


def load():
    spec = importlib.util.spec_from_file_location("icu_data", REPO / "packaging" / "icu_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def icu():
    return load()


@pytest.fixture(scope="module")
def source() -> Path:
    (library,) = QT_LIB.glob("libicudata.so.*")
    return library


def package_of(icu, library: Path) -> list[tuple[str, bytes]]:
    data = library.read_bytes()
    _name, offset, size = icu.symbol(data)
    return icu.items(data[offset : offset + size])[1]


def test_which_items_stay(icu):
    stays = [
        "icudt73l/coll/es.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/es_PE.res",
        "icudt73l/en_GB.res",
        "icudt73l/root.res",
        "icudt73l/res_index.res",
        "icudt73l/pool.res",
        "icudt73l/supplementalData.res",
        "icudt73l/nfkc.nrm",
        "icudt73l/brkitr/word.brk",
    ]
    goes = [
        "icudt73l/coll/zh.res",
        "icudt73l/coll/de__PHONEBOOK.res",
        "icudt73l/de.res",
        "icudt73l/ibm-1390_P110-2003.cnv",
        "icudt73l/brkitr/cjdict.dict",
        "icudt73l/curr/es.res",
        "icudt73l/zone/en.res",
        "icudt73l/translit/root.res",
        "icudt73l/unames.icu",
    ]
    assert [name for name in stays if not icu.keep(name)] == []
    assert [name for name in goes if icu.keep(name)] == []


def test_the_cut_library_holds_the_same_bytes_for_what_it_keeps(icu, source, tmp_path):
    out = tmp_path / source.name
    before, after = icu.trim(source, out)
    assert after < before / 5
    original = dict(package_of(icu, source))
    cut = package_of(icu, out)
    assert [name for name, _ in cut] == [name for name in original if icu.keep(name)]
    assert all(original[name] == data for name, data in cut)
    soname = subprocess.run(["objdump", "-p", out], capture_output=True, text=True).stdout
    assert f"SONAME               {source.name}" in soname
    icu.check(out, QT_LIB)  # ICU itself opens it


def test_the_check_fails_when_spanish_collation_is_cut(icu, source, tmp_path, monkeypatch):
    keep = icu.keep
    monkeypatch.setattr(icu, "keep", lambda name: keep(name) and not name.endswith("coll/es.res"))
    out = tmp_path / source.name
    icu.trim(source, out)
    with pytest.raises(subprocess.CalledProcessError):
        icu.check(out, QT_LIB)
