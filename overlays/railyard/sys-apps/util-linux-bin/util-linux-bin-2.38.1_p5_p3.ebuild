# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# util-linux 2.38.1-5+deb12u3: the libraries (libblkid, libmount, libuuid;
# systemd, cryptsetup; libfdisk: systemd-repart, which grows ROOT on first boot) and, from the util-linux .deb, only blkid (PARTUUID
# lookup in the initramfs), sulogin (systemd's emergency/rescue shell: asks for
# root's password, says so when root is locked) and agetty (the console gettys
# systemd starts, serial-getty@ and getty@; login itself is busybox's).
# mount/umount/switch_root and the other tools come from busybox.
RAILYARD_DEBS=(
	"debian u/util-linux util-linux 2.38.1-5+deb12u3"
	"debian u/util-linux libblkid1 2.38.1-5+deb12u3"
	"debian u/util-linux libmount1 2.38.1-5+deb12u3"
	"debian u/util-linux libuuid1 2.38.1-5+deb12u3"
	"debian u/util-linux libfdisk1 2.38.1-5+deb12u3"
)
UL_PROGRAMS="sbin/agetty sbin/blkid sbin/sulogin"

DESCRIPTION="util-linux libraries plus agetty, blkid and sulogin (prebuilt)"
HOMEPAGE="https://github.com/util-linux/util-linux"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="GPL-2+ LGPL-2.1+ BSD"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libmount and sulogin: libselinux; sulogin: libcrypt.
RDEPEND="
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
"

src_unpack() {
	local f p
	mkdir -p "${S}" || die
	for f in ${A}; do
		case ${f} in
			util-linux_*)
				railyard-deb_unpack_one "${DISTDIR}/${f}" "${WORKDIR}/util-linux"
				for p in ${UL_PROGRAMS}; do
					mkdir -p "${S}/${p%/*}" || die
					cp -a "${WORKDIR}/util-linux/${p}" "${S}/${p}" || die "${p} not in ${f}"
				done
				;;
			*) railyard-deb_unpack_one "${DISTDIR}/${f}" "${S}" ;;
		esac
	done
}
