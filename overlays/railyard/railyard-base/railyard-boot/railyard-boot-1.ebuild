# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Railyard boot policy for systemd: boot check, console logins, masked units"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# bootcheck: busybox sh, dmsetup, systemctl.  Console logins: agetty
# (util-linux-bin), login (busybox), the core user (baselayout-railyard).
RDEPEND="
	sys-apps/baselayout-railyard
	sys-apps/busybox
	sys-apps/systemd-bin
	sys-apps/util-linux-bin
	sys-fs/dmsetup-bin
"

# Units of sys-apps/systemd-bin that are pointless or harmful in the minimal
# image, masked in /etc (the admin may unmask them):
#  systemd-firstboot    prompts on the console for locale/timezone/password
#                       on the first boot (blocks an unattended boot)
#  systemd-logind       needs D-Bus, which the image does not ship
#  getty-static         Debian's fallback starting agetty on tty2-6 without logind
#  kmod-static-nodes    needs the kmod tool (devtmpfs creates the nodes anyway)
#  systemd-hwdb-update  the hwdb sources are not imported
MASKED_UNITS="systemd-firstboot.service systemd-logind.service getty-static.service
	kmod-static-nodes.service systemd-hwdb-update.service"
# Consoles: systemd-getty-generator starts serial-getty@<console> for the
# kernel's console (ttyS0, ttyAMA0, ...), getty@tty1 serves the screen; both
# run agetty and ask for a login.  No account has a usable password, so the
# console is closed until provisioning adds a way in; railyard.autologin on the
# kernel command line (railyard-autologin-generator) logs `core` in instead.
# emergency/rescue run sulogin, which says root is locked instead of a shell.
#
# Generators switched off:
#  systemd-gpt-auto-generator  the disk is described by the kernel command line;
#                              no automatic mounts of ESP/partitions by type GUID
#  systemd-sysv-generator, systemd-rc-local-generator
#                              Debian's SysV compatibility: the image has no init
#                              scripts (each generator costs ~1 s under emulation)
MASKED_GENERATORS="systemd-gpt-auto-generator systemd-sysv-generator
	systemd-rc-local-generator"

src_install() {
	exeinto /usr/lib/railyard
	newexe "${FILESDIR}/railyard-bootcheck" bootcheck

	insinto /usr/lib/systemd/system
	doins "${FILESDIR}"/railyard-bootcheck.service
	# Enabled statically (vendor setting in /usr, like upstream's .wants links).
	dosym ../railyard-bootcheck.service /usr/lib/systemd/system/multi-user.target.wants/railyard-bootcheck.service
	# A login on the first virtual console (Debian enables it in its postinst).
	dosym ../getty@.service /usr/lib/systemd/system/getty.target.wants/getty@tty1.service

	# ROOT fills the disk: systemd-repart grows the partition (this file is
	# what it acts on), railyard-growfs-root the mounted ext4.
	insinto /usr/lib/repart.d
	newins "${FILESDIR}"/50-root.repart.conf 50-root.conf
	insinto /usr/lib/systemd/system
	doins "${FILESDIR}"/railyard-growfs-root.service
	dosym ../railyard-growfs-root.service /usr/lib/systemd/system/sysinit.target.wants/railyard-growfs-root.service

	# System extensions in /etc/extensions, /run/extensions and /var/lib/extensions
	# are merged over /usr at boot (Flatcar enables systemd-sysext the same way).
	dosym ../systemd-sysext.service /usr/lib/systemd/system/sysinit.target.wants/systemd-sysext.service
	insinto /usr/lib/systemd/system/systemd-sysext.service.d
	newins "${FILESDIR}"/systemd-sysext-overlay.conf 10-railyard-modules.conf
	# systemd 252 does not reload the manager after a merge: this unit makes the
	# units an extension ships (and enables) known.
	insinto /usr/lib/systemd/system
	doins "${FILESDIR}"/railyard-sysext-reload.service
	dosym ../railyard-sysext-reload.service /usr/lib/systemd/system/sysinit.target.wants/railyard-sysext-reload.service

	exeinto /usr/lib/systemd/system-generators
	doexe "${FILESDIR}"/railyard-autologin-generator
	insinto /usr/lib/tmpfiles.d
	newins "${FILESDIR}"/railyard-core.tmpfiles railyard-core.conf
	insinto /etc
	doins "${FILESDIR}"/issue

	local u

	# multi-user instead of Debian's graphical.target.
	dosym /usr/lib/systemd/system/multi-user.target /etc/systemd/system/default.target
	for u in ${MASKED_UNITS}; do
		dosym /dev/null /etc/systemd/system/${u}
	done
	for u in ${MASKED_GENERATORS}; do
		dosym /dev/null /etc/systemd/system-generators/${u}
	done
}
