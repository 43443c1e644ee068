# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb railyard-nonempty

# Debian version 6.1.192-2, kernel ABI 6.1.0-56, "cloud" flavour (virtio, NVMe,
# ENA, Hyper-V; no bare-metal drivers).  Signed by Debian's Secure Boot key.
DEB_PV="6.1.192-2"
DEB_ABI="6.1.0-56"

DESCRIPTION="Debian cloud kernel image and modules (prebuilt)"
HOMEPAGE="https://kernel.org/"
SRC_URI="
	amd64? ( mirror://debian-security/pool/updates/main/l/linux-signed-amd64/linux-image-${DEB_ABI}-cloud-amd64_${DEB_PV}_amd64.deb )
	arm64? ( mirror://debian-security/pool/updates/main/l/linux-signed-arm64/linux-image-${DEB_ABI}-cloud-arm64_${DEB_PV}_arm64.deb )
"

LICENSE="GPL-2"
SLOT="0/${DEB_ABI}"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# Debian's maintainer-script hooks are not used (no postinst runs).
RAILYARD_DEB_DROP="etc/kernel"

src_install() {
	local arch
	case ${ARCH} in
		amd64) arch=amd64 ;;
		arm64) arch=arm64 ;;
		*) die "unsupported ARCH ${ARCH}" ;;
	esac
	local kv="${DEB_ABI}-cloud-${arch}"
	local mod="${S}/usr/lib/modules/${kv}"
	[[ -d ${mod} ]] || die "modules dir for ${kv} missing"

	# Kernel, config and System.map live next to the modules (kernel-install
	# layout); /usr/boot/vmlinuz points at the kernel like on Flatcar.
	mv "${S}/boot/vmlinuz-${kv}" "${mod}/vmlinuz" || die
	mv "${S}/boot/config-${kv}" "${mod}/config" || die
	mv "${S}/boot/System.map-${kv}" "${mod}/System.map" || die
	rmdir "${S}/boot" || die
	# arm64: device trees (Debian: /usr/lib/linux-image-<kv>/) -> <moddir>/dtb
	if [[ -d ${S}/usr/lib/linux-image-${kv} ]]; then
		mv "${S}/usr/lib/linux-image-${kv}" "${mod}/dtb" || die
	fi
	# Debian generates modules.dep* in postinst; do it here so the image
	# builder gets a complete, deterministic module index.  Host tool: kmod.
	type -P depmod >/dev/null || die "depmod (kmod) is required on the build host"
	depmod -b "${S}/usr" "${kv}" || die "depmod failed"

	railyard-deb_src_install

	dosym "../lib/modules/${kv}/vmlinuz" /usr/boot/vmlinuz
	dodir /usr/share/railyard
	echo "${kv}" > "${ED}/usr/share/railyard/kernel-release" || die
	railyard_require_nonempty "/usr/lib/modules/${kv}/vmlinuz" "/usr/lib/modules/${kv}/modules.dep"
}
