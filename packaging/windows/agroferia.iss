; Agroferia's Windows installer (Inno Setup 6.3 or newer).
;
; It packages the PyInstaller one-folder build of packaging/agroferia.spec (dist\agroferia,
; with dist\agroferia\agroferia.exe) and is normally compiled by packaging\build.py:
;
;   ISCC.exe /DAppVersion=X.Y.Z /DSourceDir=CHECKOUT\dist\agroferia
;            /DIconFile=CHECKOUT\build\icons\agroferia.ico packaging\windows\agroferia.iss
;
; AppVersion has no default: the version is the one of the build being packaged, passed by
; whoever builds it.  SourceDir (default dist\agroferia), IconFile (default
; build\icons\agroferia.ico, made by packaging\icons.py) and OutputDir (default dist) are
; best given as absolute paths: a relative one is read from this script's folder.  The
; installer is written as dist\agroferia-X.Y.Z-windows-x64-setup.exe.
;
; It installs for the person running it, without administrator rights, into
; %LOCALAPPDATA%\Programs\Agroferia.  The person's data is elsewhere and is never touched by
; installing, updating or uninstalling: Agroferia keeps its databases, automatic backups
; ("copias"), settings and logs in platformdirs' user data folder, %LOCALAPPDATA%\agroferia
; (see agroferia\config.py).  There is therefore no [UninstallDelete] section.

#ifndef AppVersion
  #error AppVersion is required: ISCC /DAppVersion=X.Y.Z packaging\windows\agroferia.iss
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\agroferia"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\icons\agroferia.ico"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#define AppName "Agroferia"
#define AppExe "agroferia.exe"
#define ProgId "Agroferia.Backup"
#define BackupSuffix ".agroferia"

[Setup]
; the same AppId in every version: a newer installer updates the installed app in place
AppId={{41F882C9-5092-4EE4-B9B6-D05697D29497}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
; per user, no administrator rights: {autopf} is then %LOCALAPPDATA%\Programs
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=agroferia-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\agroferia.ico
UninstallDisplayName={#AppName}
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
; Spanish first: the installer speaks it unless Windows speaks English
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
es.AppComments=Expositores, ventas y reportes de ferias campesinas
en.AppComments=Vendors, sales and reports for peasant farmers' markets
es.BackupFileType=Copia de seguridad de Agroferia
en.BackupFileType=Agroferia backup
es.DataKept=Agroferia se desinstaló. Sus datos no se borraron: las bases de datos, las copias de seguridad y la configuración siguen en %1. Si vuelve a instalar Agroferia, los encontrará allí.
en.DataKept=Agroferia has been uninstalled. Your data was not deleted: the databases, backups and settings are still in %1. If you install Agroferia again, it will find them there.

[Tasks]
; the desktop shortcut is offered, not imposed
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an update replaces the previous build's libraries instead of mixing them with the new
; ones; {app} holds only the program, never the person's data
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "agroferia.ico"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\agroferia.ico"; Comment: "{cm:AppComments}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\agroferia.ico"; Comment: "{cm:AppComments}"; Tasks: desktopicon

[Registry]
; double-clicking a .agroferia backup opens Agroferia, which offers to restore it; per user
; (HKCU\Software\Classes).  Uninstalling removes the ProgId's key and the extension's values
; that point to it, nothing else.
Root: HKCU; Subkey: "Software\Classes\{#BackupSuffix}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#BackupSuffix}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:BackupFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\agroferia.ico,0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The uninstaller says where the person's data stayed: it is never deleted. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\agroferia')]),
           mbInformation, MB_OK);
end;
