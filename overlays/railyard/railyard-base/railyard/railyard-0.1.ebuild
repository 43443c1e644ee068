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

# TODO(arm64): the helper needs the aarch64 Rust std on the build host; until
# then it is ~arm64 and only pulled in on amd64.
RDEPEND="
	amd64? ( railyard-base/railyard-helper )
	sys-apps/baselayout-railyard
	sys-apps/busybox[static]
	sys-boot/systemd-boot-bin
	sys-kernel/linux-cloud-bin
	sys-kernel/railyard-initramfs
	sys-libs/glibc-bin
"
