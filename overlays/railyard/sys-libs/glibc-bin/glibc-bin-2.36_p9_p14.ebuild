# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# Debian libc6 2.36-9+deb12u14 plus libgcc-s1 (libc6 depends on it: needed
# for pthread_cancel and by every Rust/C++ binary).  Multiarch layout is kept:
# /usr/lib/<triplet>/, ld.so at /usr/lib64/ld-linux-x86-64.so.2 (amd64) or
# /usr/lib/ld-linux-aarch64.so.1 (arm64); baselayout provides /lib, /lib64.
DEB_LIBC="2.36-9%2bdeb12u14"
DEB_GCC="12.2.0-14%2bdeb12u1"

DESCRIPTION="GNU C library runtime and libgcc_s from Debian (prebuilt)"
HOMEPAGE="https://www.gnu.org/software/libc/"
SRC_URI="
	amd64? (
		mirror://debian/pool/main/g/glibc/libc6_${DEB_LIBC}_amd64.deb -> libc6_${PV}_amd64.deb
		mirror://debian/pool/main/g/gcc-12/libgcc-s1_${DEB_GCC}_amd64.deb -> libgcc-s1_12.2.0_p14_p1_amd64.deb
	)
	arm64? (
		mirror://debian/pool/main/g/glibc/libc6_${DEB_LIBC}_arm64.deb -> libc6_${PV}_arm64.deb
		mirror://debian/pool/main/g/gcc-12/libgcc-s1_${DEB_GCC}_arm64.deb -> libgcc-s1_12.2.0_p14_p1_arm64.deb
	)
"

LICENSE="LGPL-2.1+ GPL-3+-with-gcc-exception"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

RDEPEND="sys-apps/baselayout-railyard"

src_install() {
	railyard-deb_src_install
	# The loader cache is built by the image builder (ldconfig -r) once the
	# full library set is known; without it ld.so still searches the
	# multiarch default paths compiled into Debian's glibc.
	keepdir /etc/ld.so.conf.d
}
