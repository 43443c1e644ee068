# Copyright (c) 2015 CoreOS, Inc.. All rights reserved.
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit go-module

DESCRIPTION="Pre-boot provisioning utility"
HOMEPAGE="https://github.com/coreos/ignition"

if [[ ${PV} == 9999 ]]; then
	EGIT_REPO_URI="https://github.com/coreos/ignition.git"
	inherit git-r3
else
	SRC_URI="https://github.com/coreos/ignition/archive/v${PV}.tar.gz -> ${P}.tar.gz"
	KEYWORDS="amd64 arm64"

	PATCHES=(
		"${FILESDIR}/0001-sed-s-coreos-flatcar.patch"
		"${FILESDIR}/0002-config-add-ignition-translation.patch"
		"${FILESDIR}/0003-mod-add-flatcar-ignition-0.36.2.patch"
		"${FILESDIR}/0004-config-v3_7-convert-ignition-2.x-to-3.x.patch"
		"${FILESDIR}/0005-vendor-go-mod-vendor.patch"
		"${FILESDIR}/0006-internal-prv-cmdline-backport-flatcar-patch.patch"
		"${FILESDIR}/0007-provider-qemu-apply-fw_cfg-patch.patch"
		"${FILESDIR}/0008-internal-disk-fs-ignore-fs-format-mismatches-for-the.patch"
		"${FILESDIR}/0009-VMware-Fix-guestinfo.-.config.data-and-.config.url-v.patch"
		"${FILESDIR}/0010-config-version-handle-configuration-version-1.patch"
		"${FILESDIR}/0011-config-util-add-cloud-init-detection-to-initial-pars.patch"
		"${FILESDIR}/0012-Partially-revert-drop-OEM-URI-support.patch"
		"${FILESDIR}/0013-config-Support-oem-schema-in-newer-config-spec-versi.patch"
		"${FILESDIR}/0014-translation-support-OEM-and-oem.patch"
		"${FILESDIR}/0015-usr-share-oem-oem.patch"
		"${FILESDIR}/0016-internal-exec-stages-mount-Mount-oem.patch"
		"${FILESDIR}/0017-stages-disks-Fix-handling-of-device-mapper-when-part.patch"
		"${FILESDIR}/0018-stages-disks-Fix-giving-partition-number-0-to-get-th.patch"
		"${FILESDIR}/0019-stages-disks-Allow-partx-to-fail-then-check-the-stat.patch"
	)
fi

LICENSE="Apache-2.0"
SLOT="0/${PVR}"

# need util-linux for libblkid at compile time
DEPEND="sys-apps/util-linux"

RDEPEND="
	${DEPEND}
	sys-apps/coreutils
	sys-apps/gptfdisk
	sys-apps/shadow
	sys-apps/systemd
	sys-fs/btrfs-progs
	sys-fs/dosfstools
	sys-fs/e2fsprogs
	sys-fs/mdadm
	sys-fs/xfsprogs
"

src_compile() {
	ego build \
		-ldflags "-X github.com/flatcar/ignition/v2/internal/version.Raw=${PV} -X github.com/flatcar/ignition/v2/internal/distro.selinuxRelabel=false" \
		"${S}"/internal/main.go
}

src_install() {
	newbin "${S}"/main ${PN}
	dosym -r /usr/bin/${PN} /usr/libexec/${PN}-rmcfg
}
