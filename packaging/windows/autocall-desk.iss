; Inno Setup 6 script for the Windows installer. NOT built or run in this repository's CI machine (Linux):
; .github/workflows/installers.yml builds it on a Windows runner.
;
;   pyinstaller --noconfirm --distpath build\pyinstaller\dist --workpath build\pyinstaller\work packaging\autocall-desk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\autocall-desk.iss
;
; Output: dist\autocall-desk-<version>-setup.exe. Per-user install (no administrator rights: call-centre PCs are
; often locked down) into %LOCALAPPDATA%\Programs\Autocall Desk, with a Start-menu shortcut and an uninstaller.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z autocall-desk.iss
#endif

#define AppName "Autocall Desk"
#define AppExe "autocall-desk.exe"
#define SourceDir "..\..\build\pyinstaller\dist\autocall-desk"

[Setup]
; Fixed forever: Windows identifies the installed product (upgrades, uninstall entry) by this GUID.
AppId={{6F0C2B8E-5A4D-4E7B-9C31-2D8A1F4E7B60}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Autocall Desk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user: {autopf} resolves to %LOCALAPPDATA%\Programs and nothing needs elevation.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=autocall-desk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\autocall-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: the executable and its _internal folder.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
