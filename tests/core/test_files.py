"""``files.replacing``: the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat

import pytest

from agroferia.core.files import replacing


def test_replaces_only_when_the_block_succeeds(tmp_path):
    target = tmp_path / "informe.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("failed half-way")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["informe.pdf"]
    with replacing(target) as temporary:
        assert temporary.parent == tmp_path and temporary.name.startswith(".informe-")
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["informe.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_its_owners_only_whatever_the_umask(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    old = os.umask(0o022)
    try:
        with replacing(target) as temporary:
            assert stat.S_IMODE(temporary.stat().st_mode) == 0o600  # from the first byte
            temporary.write_bytes(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_missing_folder_fails_before_any_work(tmp_path):
    with pytest.raises(FileNotFoundError), replacing(tmp_path / "no" / "r.pdf"):
        pytest.fail("the block must not run")


def test_a_folder_in_place_of_the_file_is_named_as_such(tmp_path):
    from agroferia.core.errors import explain

    target = tmp_path / "resumen.pdf"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as refused, replacing(target) as tmp:
        tmp.write_bytes(b"x")
    assert explain(refused.value).startswith(f"no se pudo usar el archivo {target}:")
    assert [p.name for p in tmp_path.iterdir()] == ["resumen.pdf"]  # nothing left beside it
