; Inno Setup script: a per-user installer over the PyInstaller one-folder build.
;
; UNTESTED: written against the Inno Setup 6 documentation; there is no Windows machine here.
; Build on Windows (see packaging/windows/README.md):
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\replicate-chat.spec
;   iscc packaging\windows\replicate-chat.iss
; Output: dist\installer\replicate-chat-0.1.0-setup.exe
; Keep AppVersion equal to the version in pyproject.toml (tests/packaging/test_recipes.py).

#define AppName "Replicate Chat"
#define AppVersion "0.1.0"
#define AppExe "replicate-chat.exe"
#define AppUrl "https://github.com/replicatechat/replicate-chat"

[Setup]
; The application id (never change it: Windows finds the installed copy to upgrade by it).
AppId=io.github.replicatechat.ReplicateChat
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Replicate Chat developers
AppPublisherURL={#AppUrl}
AppSupportURL={#AppUrl}/issues
AppUpdatesURL={#AppUrl}/releases
; Per-user: no administrator rights; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\replicate-chat.ico
OutputDir=..\..\dist\installer
OutputBaseFilename=replicate-chat-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; PySide6 wheels are 64-bit only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The app must be closed to be replaced or removed.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: the executable and its _internal\ libraries and resources.
Source: "..\..\dist\replicate-chat\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; {autoprograms} is the user's Start menu in a per-user install.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstalling removes what [Files] and [Icons] installed. Conversations, settings and logs
; (%APPDATA%, %LOCALAPPDATA%) and the token in the Windows Credential Locker are kept, as a
; reinstall expects; the README says where they are.
