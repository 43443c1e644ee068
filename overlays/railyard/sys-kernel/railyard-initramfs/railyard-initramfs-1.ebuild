# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Railyard initramfs (busybox + own /init + a few kernel modules)"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror strip"

# Build-time *target* dependencies: they are read from ${ESYSROOT}, so
# Railyard must run Portage with SYSROOT=ROOT and must not use
# --root-deps=rdeps (that option drops DEPEND as well).
DEPEND="
	sys-apps/busybox[static]
	sys-kernel/linux-cloud-bin:=
"
RDEPEND=""

# Modules loaded by /init before looking for root= (cloud VMs: virtio, NVMe).
RY_INITRAMFS_MODULES="virtio_pci virtio_blk virtio_scsi sd_mod nvme ext4 erofs dm_verity"

_kv() {
	local kv
	kv=$(<"${ESYSROOT}/usr/share/railyard/kernel-release") || die "kernel-release missing in ${ESYSROOT}"
	echo "${kv}"
}

# Copy module $2 and its dependencies (from $1/modules.dep) into the
# initramfs tree (uses ${kv} of the caller).
_add_module() {
	local moddir=$1 name=$2 dep line m
	line=$(grep -E "(^|/)${name//_/[_-]}\.ko(\.[a-z]+)?:" "${moddir}/modules.dep") || {
		# built into the kernel?
		grep -qE "(^|/)${name//_/[_-]}\.ko" "${moddir}/modules.builtin" && return 0
		die "module ${name} not found"
	}
	echo "${name}" >> "${WORKDIR}/root/etc/modules-load" || die
	for m in ${line/:/}; do
		[[ -f ${WORKDIR}/root/lib/modules/${kv}/${m} ]] && continue
		mkdir -p "${WORKDIR}/root/lib/modules/${kv}/${m%/*}" || die
		cp "${moddir}/${m}" "${WORKDIR}/root/lib/modules/${kv}/${m}" || die
	done
}

src_compile() {
	local r="${WORKDIR}/root" d kv
	kv=$(_kv) || die
	local moddir="${ESYSROOT}/usr/lib/modules/${kv}"
	for d in bin dev etc proc run sys sysroot lib/modules/${kv}; do
		mkdir -p "${r}/${d}" || die
	done
	cp "${ESYSROOT}/usr/bin/busybox" "${r}/bin/busybox" || die
	# Applet links from busybox.links (paths like /bin/ls, /usr/sbin/...).
	local a
	while read -r a; do
		[[ ${a##*/} == busybox ]] && continue
		ln -sf busybox "${r}/bin/${a##*/}" || die
	done < "${ESYSROOT}/usr/share/busybox/busybox.links"
	install -m 0755 "${FILESDIR}/init" "${r}/init" || die
	: > "${r}/etc/modules-load" || die

	local m
	for m in ${RY_INITRAMFS_MODULES}; do
		_add_module "${moddir}" "${m}"
	done
	cp "${moddir}"/modules.{order,builtin,builtin.modinfo} "${r}/lib/modules/${kv}/" || die
	depmod -b "${r}" "${kv}" || die

	# Reproducible newc archive: sorted names, fixed mtimes, root owner.
	local sde=${SOURCE_DATE_EPOCH:-0}
	find "${r}" -exec touch -h -d "@${sde}" {} + || die
	( cd "${r}" && find . -mindepth 1 -print0 | LC_ALL=C sort -z \
		| cpio --null --create --format=newc --owner=0:0 --reproducible --quiet ) \
		> "${WORKDIR}/initramfs.cpio" || die "cpio failed"
	zstd -q -19 -T1 --no-progress "${WORKDIR}/initramfs.cpio" -o "${WORKDIR}/initramfs.img" || die
}

src_install() {
	insinto /usr/lib/modules/$(_kv)
	doins "${WORKDIR}/initramfs.img"
	dosym "../lib/modules/$(_kv)/initramfs.img" /usr/boot/initramfs.img
}
