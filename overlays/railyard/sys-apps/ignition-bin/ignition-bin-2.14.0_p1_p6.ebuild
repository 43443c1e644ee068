# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# ignition 2.14.0+ds1-1+b6 (Debian 12): the provisioning tool, upstream's
# platform list (qemu reads fw_cfg opt/com.coreos/config).  Debian puts the
# binary into its dracut module directory; Railyard has no dracut, so the
# binary moves to /usr/bin and the dracut units are dropped.  It is a cgo
# program: DT_NEEDED libblkid.so.1 and libc.so.6 (readelf -d), interpreter
# /lib64/ld-linux-x86-64.so.2.  ignition-validate is left out (a host tool).
RAILYARD_DEBS=(
	"debian i/ignition ignition 2.14.0+ds1-1+b6"
)

DESCRIPTION="First-boot provisioning tool run in the initramfs (prebuilt)"
HOMEPAGE="https://github.com/coreos/ignition"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="Apache-2.0"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libblkid (util-linux-bin), glibc; the files stage runs useradd, usermod,
# userdel, groupadd, groupdel --root /sysroot (shadow-bin).
RDEPEND="
	sys-apps/shadow-bin
	sys-apps/util-linux-bin
	sys-libs/glibc-bin
"

src_prepare() {
	local m="${S}/usr/lib/dracut/modules.d/30ignition"
	[[ -x ${m}/ignition ]] || die "ignition binary not where Debian puts it (${m})"
	mkdir -p "${S}/usr/bin" || die
	mv "${m}/ignition" "${S}/usr/bin/ignition" || die
	rm -rf "${S}/usr/lib/dracut" "${S}/usr/bin/ignition-validate" || die
	railyard-deb_src_prepare
}
