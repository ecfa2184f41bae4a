; Lucka's additions to electron-builder's NSIS installer (electron-builder.yml: nsis.include).
;
; /HUB on the installer's command line, e.g.  "Lucka Setup 0.1.0.exe" /S /HUB
; adds the Windows Firewall rule the office hub needs: TCP 8443 inbound to Lucka.exe, on
; domain and private networks only (README: Setting up an office). /HUBPORT=N sets another
; port (and implies /HUB). Without either switch the installer touches no firewall rule:
; only the hub PC (and its standby) take connections; every other PC only calls out.
; The uninstaller removes the rule, except when it runs as the first half of an update.

!include FileFunc.nsh
!include LogicLib.nsh

!define LUCKA_HUB_RULE "Lucka office hub"

!macro customInstall
  ${GetParameters} $R0
  StrCpy $R2 ""
  ClearErrors
  ${GetOptions} $R0 "/HUB" $R1
  ${IfNot} ${Errors}
    StrCpy $R2 "8443"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/HUBPORT=" $R3
  ${IfNot} ${Errors}
    ; Only a whole number from 1 to 65535; anything else is reported and no rule is made.
    IntOp $R5 $R3 + 0
    ${If} "$R5" != "$R3"
    ${OrIf} $R5 < 1
    ${OrIf} $R5 > 65535
      DetailPrint "Lucka: /HUBPORT=$R3 is not a port (1-65535); no firewall rule was added."
      SetErrorLevel 2
      StrCpy $R2 ""
    ${Else}
      StrCpy $R2 $R5
    ${EndIf}
  ${EndIf}
  ${If} $R2 != ""
    ; A reinstall replaces the rule instead of adding a second one.
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${LUCKA_HUB_RULE}"'
    Pop $R4
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="${LUCKA_HUB_RULE}" dir=in action=allow protocol=TCP localport=$R2 profile=domain,private program="$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
    Pop $R4
    ${If} $R4 != 0
      DetailPrint "Lucka: the office hub's firewall rule could not be added (netsh: $R4)."
      SetErrorLevel 2
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInstall
  ${IfNot} ${isUpdated}
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${LUCKA_HUB_RULE}"'
    Pop $R4
  ${EndIf}
!macroend
