# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# cryptsetup 2:2.6.1-4~deb12u2: cryptsetup, veritysetup, integritysetup,
# libcryptsetup and the libraries only it uses (argon2, json-c, popt).
RAILYARD_DEBS=(
	"debian c/cryptsetup cryptsetup-bin 2.6.1-4~deb12u2"
	"debian c/cryptsetup libcryptsetup12 2.6.1-4~deb12u2"
	"debian a/argon2 libargon2-1 0~20171227-0.3+deb12u1"
	"debian j/json-c libjson-c5 0.16-2"
	"debian p/popt libpopt0 1.19+dfsg-1"
)

DESCRIPTION="dm-crypt/dm-verity setup tools: cryptsetup, veritysetup (prebuilt)"
HOMEPAGE="https://gitlab.com/cryptsetup/cryptsetup"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="GPL-2+-with-openssl-exception LGPL-2.1+ || ( CC0-1.0 Apache-2.0 ) MIT"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libcryptsetup: libdevmapper, libblkid, libuuid, libcrypto.
RDEPEND="
	sys-apps/util-linux-bin
	sys-fs/dmsetup-bin
	sys-libs/glibc-bin
	sys-libs/openssl-bin
"
RAILYARD_DEB_DROP="usr/share/locale"
