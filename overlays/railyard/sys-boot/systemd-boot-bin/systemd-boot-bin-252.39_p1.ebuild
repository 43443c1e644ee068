# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

DEB_PV="252.39-1~deb12u2"
# '~' is written as %7e in the archive's file names.
DEB_FV="252.39-1%7edeb12u2"

DESCRIPTION="systemd-boot UEFI boot manager and stub (prebuilt EFI binaries)"
HOMEPAGE="https://systemd.io/"
SRC_URI="
	amd64? ( mirror://debian/pool/main/s/systemd/systemd-boot-efi_${DEB_FV}_amd64.deb -> systemd-boot-efi_${PV}_amd64.deb )
	arm64? ( mirror://debian/pool/main/s/systemd/systemd-boot-efi_${DEB_FV}_arm64.deb -> systemd-boot-efi_${PV}_arm64.deb )
"

LICENSE="LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"
