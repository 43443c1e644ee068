# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# The systemd client libraries (libsystemd0, libudev1) of systemd
# 252.39-1~deb12u2.  Separate from sys-apps/systemd-bin so that libdevmapper
# (libudev) does not make device-mapper and systemd depend on each other.
RAILYARD_DEBS=(
	"debian s/systemd libsystemd0 252.39-1~deb12u2"
	"debian s/systemd libudev1 252.39-1~deb12u2"
)

DESCRIPTION="systemd client libraries libsystemd and libudev (prebuilt)"
HOMEPAGE="https://systemd.io/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libsystemd: libcap, libgcrypt, lz4, xz, zstd.
RDEPEND="
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
"
