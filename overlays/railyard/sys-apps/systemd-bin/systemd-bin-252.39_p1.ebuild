# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# systemd 252.39-1~deb12u2 (bookworm): PID 1 and its tools (systemd,
# libsystemd-shared) and udev.  Debian's maintainer scripts do not run, so
# nothing is enabled beyond the static .wants links upstream ships; the
# image's boot policy (default target, masks) is railyard-base/railyard-boot.
DEB_PV="252.39-1~deb12u2"
RAILYARD_DEBS=(
	"debian s/systemd systemd ${DEB_PV}"
	"debian s/systemd libsystemd-shared ${DEB_PV}"
	"debian s/systemd udev ${DEB_PV}"
)

DESCRIPTION="systemd system and service manager and udev (prebuilt)"
HOMEPAGE="https://systemd.io/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="LGPL-2.1+ GPL-2+ GPL-2-with-linux-syscall-note"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# Libraries from the NEEDED entries of systemd, libsystemd-shared and udev;
# busybox provides /usr/bin/mount, /usr/bin/umount and /bin/sh, which PID 1
# and units execute.
RDEPEND="
	sys-apps/busybox
	sys-apps/util-linux-bin
	sys-fs/cryptsetup-bin
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
	sys-libs/libsystemd-bin
	sys-libs/openssl-bin
"

# Not imported:
# * SysV init scripts, shell completions, translations;
# * the PKCS#11 cryptsetup token plugin (needs p11-kit);
# * the hwdb sources (8.7 MB): hwdb.bin would have to be compiled by a
#   systemd-hwdb on the build host or at first boot; cloud VMs need no
#   keyboard/USB id database;
# * the dangling links /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf and
#   /etc/modules-load.d/modules.conf -> ../modules (Debian's procps and kmod
#   packages provide the targets).
RAILYARD_DEB_DROP="
	etc/init.d
	etc/sysctl.d/99-sysctl.conf
	etc/modules-load.d/modules.conf
	usr/share/bash-completion usr/share/zsh usr/share/locale
	usr/lib/systemd/system/initrd-root-fs.target.wants
	usr/lib/*/cryptsetup/libcryptsetup-token-systemd-pkcs11.so
	usr/lib/udev/hwdb.d
"

src_install() {
	railyard-deb_src_install
	# What Debian's systemd-sysv package adds: systemd as /sbin/init and the
	# SysV power commands as systemctl links (busybox's halt/reboot would
	# signal PID 1 the SysV way, which systemd does not understand).
	dosym ../lib/systemd/systemd /usr/sbin/init
	local c
	for c in halt poweroff reboot shutdown runlevel telinit; do
		dosym ../bin/systemctl /usr/sbin/${c}
	done
}
