# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Meta package: the default Railyard OS (like coreos-base/coreos)"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="metapackage"
SLOT="0"
KEYWORDS="amd64 arm64"

# Everything the image needs to boot with systemd as PID 1 from a dm-verity
# /usr: kernel + initramfs + bootloader, base layout and /etc, systemd/udev
# with their libraries, busybox, the verity tools, the boot policy, and the
# network (networkd DHCP + resolved), OpenSSH (host keys made on the first
# boot) and the shadow tools, so the machine can be provisioned (Ignition, in
# the initramfs) and reached.
RDEPEND="
	railyard-base/railyard-boot
	railyard-base/railyard-helper
	railyard-base/railyard-network
	net-misc/openssh-bin
	sys-apps/shadow-bin
	sys-apps/baselayout-railyard
	sys-apps/busybox[static]
	sys-apps/systemd-bin
	sys-apps/util-linux-bin
	railyard-base/railyard-ab
	sys-boot/systemd-boot-bin
	sys-fs/cryptsetup-bin
	sys-fs/dmsetup-bin
	sys-kernel/linux-cloud-bin
	sys-kernel/railyard-initramfs
	sys-libs/glibc-bin
"
