"""The Windows installer's script keeps its promises: it cannot be compiled here (Inno Setup
runs on Windows), so its text is read and each promise checked, for it not to drift: a
per-user install without administrator rights, Spanish and English, the shortcuts, the
.agroferia backups opening with the app, an uninstaller that leaves the data alone, and the
executable the shared PyInstaller spec produces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ISS = REPO / "packaging" / "windows" / "agroferia.iss"
SPEC = REPO / "packaging" / "agroferia.spec"
APP_ID = "{{41F882C9-5092-4EE4-B9B6-D05697D29497}"  # never changes: updates find the app
PROG_ID = "Agroferia.Backup"
# where the person's data lives on Windows (platformdirs' user data folder) and its kin
DATA_PLACES = ("{localappdata}", "{userappdata}", "{commonappdata}", "{%LOCALAPPDATA",
               "{%APPDATA", "{userdocs}", "{commondocs}", "{userprofile}", "{%USERPROFILE")  # fmt: skip


def split_entry(line: str) -> dict[str, str]:
    """``Name: "a"; Flags: b c`` as {"Name": "a", "Flags": "b c"}: semicolons inside quotes
    are kept, a quoted value loses its quotes and its doubled quotes become single."""
    fields: dict[str, str] = {}
    for part in re.findall(r'(?:[^;"]|"(?:[^"]|"")*")+', line):
        key, _sep, value = part.strip().partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('""', '"')
        fields[key.strip()] = value
    return fields


class Script:
    def __init__(self, path: Path) -> None:
        self.text = path.read_text(encoding="utf-8-sig")
        self.defines = dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"\s*$', self.text, re.M))
        self.sections: dict[str, list[str]] = {}
        current = None
        for raw in self.text.splitlines():
            line = raw.strip()
            if not line or line.startswith((";", "#")):
                continue
            heading = re.fullmatch(r"\[(\w+)\]", line)
            if heading:
                current = heading.group(1).lower()
                self.sections.setdefault(current, [])
            elif current is not None:
                self.sections[current].append(self.expand(line))

    def expand(self, line: str) -> str:
        """The preprocessor's simple string constants put in (``{#AppExe}``)."""
        return re.sub(r"\{#(\w+)\}", lambda m: self.defines.get(m.group(1), m.group(0)), line)

    def setup(self) -> dict[str, str]:
        pairs = (line.partition("=") for line in self.sections["setup"])
        return {key.strip(): value.strip() for key, _eq, value in pairs}

    def entries(self, section: str) -> list[dict[str, str]]:
        return [split_entry(line) for line in self.sections.get(section, [])]

    def messages(self) -> dict[str, str]:
        pairs = (line.partition("=") for line in self.sections["custommessages"])
        return {key.strip(): value.strip() for key, _eq, value in pairs}


@pytest.fixture(scope="module")
def iss() -> Script:
    return Script(ISS)


def test_it_installs_per_user_without_administrator_rights(iss):
    setup = iss.setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never asks to elevate
    assert setup["DefaultDirName"] == r"{autopf}\Agroferia"  # %LOCALAPPDATA%\Programs
    assert setup["AppId"] == APP_ID
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    registry = iss.entries("registry")
    assert registry and {entry["Root"] for entry in registry} == {"HKCU"}
    for section in ("files", "icons", "installdelete"):
        for entry in iss.entries(section):
            where = entry.get("DestDir") or entry.get("Name", "")
            assert where.startswith(("{app}", "{autoprograms}", "{autodesktop}")), entry
            assert "{commonpf}" not in where and "{win}" not in where and "{sys}" not in where


def test_it_speaks_spanish_and_english(iss):
    languages = {e["Name"]: e["MessagesFile"] for e in iss.entries("languages")}
    assert languages == {"es": r"compiler:Languages\Spanish.isl", "en": "compiler:Default.isl"}
    assert next(iter(languages)) == "es"  # the first: used when Windows speaks neither
    messages = iss.messages()
    own = {key.split(".", 1)[1] for key in messages}
    for key in own:  # each message of its own in both languages
        assert f"es.{key}" in messages and f"en.{key}" in messages, key
    used = set(re.findall(r"\{cm:(\w+)", iss.text)) | set(
        re.findall(r"CustomMessage\('(\w+)'\)", iss.text)
    )
    standard = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"}  # in every .isl
    assert used - standard == own


def test_the_version_comes_from_the_command_line_only(iss):
    assert re.search(r"#ifndef AppVersion\s*\n\s*#error .*/DAppVersion=", iss.text)
    assert not re.search(r"#define\s+AppVersion\b", iss.text)
    setup = iss.setup()
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["OutputBaseFilename"] == "agroferia-{#AppVersion}-windows-x64-setup"
    for name, default in (("SourceDir", r"..\..\dist\agroferia"), ("OutputDir", r"..\..\dist"),
                          ("IconFile", r"..\..\build\icons\agroferia.ico")):  # fmt: skip
        assert re.search(rf"#ifndef {name}\s*\n\s*#define {name} .*\"{re.escape(default)}\"",
                         iss.text), name  # fmt: skip
    assert setup["OutputDir"] == "{#OutputDir}"


def test_the_build_and_the_icon_are_packaged(iss):
    setup = iss.setup()
    assert setup["SetupIconFile"] == "{#IconFile}"
    assert setup["UninstallDisplayIcon"] == r"{app}\agroferia.ico"
    files = iss.entries("files")
    build = next(e for e in files if e["Source"] == r"{#SourceDir}\*")
    assert build["DestDir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= set(build["Flags"].split())
    icon = next(e for e in files if e["Source"] == "{#IconFile}")
    assert icon["DestDir"] == "{app}" and icon["DestName"] == "agroferia.ico"


def test_the_shortcuts_start_the_frozen_executable(iss):
    assert iss.defines["AppExe"] == "agroferia.exe"
    icons = {e["Name"]: e for e in iss.entries("icons")}
    start = icons[r"{autoprograms}\Agroferia"]
    desktop = icons[r"{autodesktop}\Agroferia"]
    assert start["Filename"] == desktop["Filename"] == r"{app}\agroferia.exe"
    assert "Tasks" not in start  # the Start menu always
    assert desktop["Tasks"] == "desktopicon"  # the desktop only when asked for
    (task,) = iss.entries("tasks")
    assert task["Name"] == "desktopicon" and "unchecked" in task["Flags"].split()
    (run,) = iss.entries("run")
    assert run["Filename"] == r"{app}\agroferia.exe" and "skipifsilent" in run["Flags"]


def test_spec_builds_the_executable_the_installer_expects():
    """The shared PyInstaller spec makes ``agroferia`` (agroferia.exe, windowed on Windows,
    which the shortcuts and the association start) and, on Windows, ``agroferia-cli``."""
    spec = SPEC.read_text(encoding="utf-8")
    assert re.search(r"""program\("agroferia", console=not WINDOWS\)""", spec)
    assert re.search(r"""program\("agroferia-cli", console=True\)""", spec)


def test_agroferia_backups_open_with_the_app(iss):
    assert iss.setup()["ChangesAssociations"] == "yes"
    registry = {(e["Subkey"], e["ValueName"]): e for e in iss.entries("registry")}
    suffix = registry[(r"Software\Classes\.agroferia", "")]
    assert suffix["ValueData"] == PROG_ID
    assert (r"Software\Classes\.agroferia\OpenWithProgids", PROG_ID) in registry
    described = registry[(rf"Software\Classes\{PROG_ID}", "")]["ValueData"]
    key = re.fullmatch(r"\{cm:(\w+)\}", described).group(1)
    assert iss.messages()[f"es.{key}"] == "Copia de seguridad de Agroferia"
    assert iss.messages()[f"en.{key}"] == "Agroferia backup"
    command = registry[(rf"Software\Classes\{PROG_ID}\shell\open\command", "")]
    assert command["ValueData"] == r'"{app}\agroferia.exe" "%1"'
    icon = registry[(rf"Software\Classes\{PROG_ID}\DefaultIcon", "")]
    assert icon["ValueData"] == r"{app}\agroferia.ico,0"


def test_uninstalling_removes_the_association_and_nothing_else(iss):
    for entry in iss.entries("registry"):
        flags = set(entry.get("Flags", "").split())
        if "uninsdeletekey" in flags or "uninsdeletekeyifempty" in flags:
            assert entry["Subkey"] == rf"Software\Classes\{PROG_ID}", entry  # the ProgId only
        elif entry["Subkey"].startswith(r"Software\Classes\.agroferia"):
            assert "uninsdeletevalue" in flags, entry  # the values pointing to the ProgId


def test_the_uninstaller_never_deletes_the_persons_data(iss):
    assert iss.entries("uninstalldelete") == []
    for section in ("uninstalldelete", "installdelete"):
        for entry in iss.entries(section):
            assert entry["Name"].startswith("{app}\\"), entry
    code = iss.text.split("[Code]", 1)[1]
    assert not re.search(r"\b(DelTree|DeleteFile|RemoveDir)\b", code, re.I)
    assert not any(place.lower() in line.lower() for line in iss.sections.get("installdelete", [])
                   for place in DATA_PLACES)  # fmt: skip
    # and it says so, in both languages, naming the folder the app keeps its data in
    messages = iss.messages()
    assert "Sus datos no se borraron" in messages["es.DataKept"]
    assert "Your data was not deleted" in messages["en.DataKept"]
    assert "%1" in messages["es.DataKept"] and "%1" in messages["en.DataKept"]
    assert r"ExpandConstant('{localappdata}\agroferia')" in code


def test_the_data_folder_named_is_the_apps_on_windows(monkeypatch):
    """What the uninstaller names is platformdirs' user data folder of the app on Windows:
    %LOCALAPPDATA%\\agroferia (no author folder)."""
    from platformdirs import windows

    from agroferia import config

    local = "C:\\Users\\rosa\\AppData\\Local"
    monkeypatch.setattr(
        windows, "get_win_folder", lambda name: {"CSIDL_LOCAL_APPDATA": local}[name]
    )
    folder = windows.Windows(config.APP_NAME, appauthor=False).user_data_dir
    assert folder.replace("/", "\\") == local + "\\agroferia"
    assert config.data_dir().name == "agroferia" == config.APP_NAME
