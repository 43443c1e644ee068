# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# Device-mapper userspace from lvm2 2.03.16-2 (dmsetup 2:1.02.185-2):
# dmsetup, libdevmapper and the dm udev rules.
RAILYARD_DEBS=(
	"debian l/lvm2 dmsetup 1.02.185-2"
	"debian l/lvm2 libdevmapper1.02.1 1.02.185-2"
)

DESCRIPTION="Device-mapper userspace: dmsetup and libdevmapper (prebuilt)"
HOMEPAGE="https://sourceware.org/dm/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libdevmapper: libselinux, libudev.
RDEPEND="
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
	sys-libs/libsystemd-bin
"
RAILYARD_DEB_DROP="usr/share/locale"
