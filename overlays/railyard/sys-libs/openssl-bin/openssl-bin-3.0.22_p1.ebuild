# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# libssl3 3.0.22-1~deb12u2 (security archive): libssl/libcrypto and the
# engines/providers.  Used by systemd, libkmod and libcryptsetup.
RAILYARD_DEBS=(
	"debian-security o/openssl libssl3 3.0.22-1~deb12u2"
)

DESCRIPTION="OpenSSL shared libraries (prebuilt)"
HOMEPAGE="https://www.openssl.org/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="Apache-2.0"
SLOT="0/3"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

RDEPEND="sys-libs/glibc-bin"
