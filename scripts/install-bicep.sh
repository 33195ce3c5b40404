#!/usr/bin/env bash
# Make the Bicep compiler available as `bicep` (CI and developer machines), to validate infra/. Idempotent.
#
# The Bicep CLI is a single native binary that Microsoft also ships on NuGet as Azure.Bicep.CommandLine.<rid>.
# We fetch that package with `dotnet restore` (a throwaway project with a PackageDownload item), so only the
# NuGet feed is needed, and link its tools/bicep into $BIN_DIR.
#
# Env: BICEP_VERSION (default below), VOICEOPS_BICEP_HOME, VOICEOPS_BICEP_BIN.
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.47.16}"
BICEP_HOME="${VOICEOPS_BICEP_HOME:-$HOME/.local/share/voiceops-bicep}"
BIN_DIR="${VOICEOPS_BICEP_BIN:-$HOME/.local/bin}"
say() { printf 'install-bicep: %s\n' "$*"; }

case "$(uname -m)" in
  x86_64) RID=linux-x64 ;;
  aarch64 | arm64) RID=linux-arm64 ;;
  *) say "no Bicep package for $(uname -m)"; exit 1 ;;
esac
PACKAGE="azure.bicep.commandline.$RID"
BINARY="$BICEP_HOME/packages/$PACKAGE/$BICEP_VERSION/tools/bicep"

if [ -x "$BIN_DIR/bicep" ] && "$BIN_DIR/bicep" --version 2>/dev/null | grep -q "version $BICEP_VERSION "; then
  say "bicep $BICEP_VERSION already installed"
  exit 0
fi

if [ ! -x "$BINARY" ]; then
  command -v dotnet >/dev/null || { say "dotnet is needed to fetch the Bicep NuGet package"; exit 1; }
  mkdir -p "$BICEP_HOME/restore"
  cat >"$BICEP_HOME/restore/fetch-bicep.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net$(dotnet --version | cut -d. -f1,2)</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.$RID" Version="[$BICEP_VERSION]" /></ItemGroup>
</Project>
PROJ
  say "fetching Azure.Bicep.CommandLine.$RID $BICEP_VERSION from NuGet"
  dotnet restore "$BICEP_HOME/restore/fetch-bicep.csproj" --packages "$BICEP_HOME/packages" --nologo -v quiet
  chmod +x "$BINARY"
fi

mkdir -p "$BIN_DIR"
ln -sf "$BINARY" "$BIN_DIR/bicep"
"$BIN_DIR/bicep" --version
