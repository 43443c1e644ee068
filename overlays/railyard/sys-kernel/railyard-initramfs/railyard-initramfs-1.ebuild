# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-elf railyard-nonempty

DESCRIPTION="Railyard initramfs: dm-verity /usr setup (busybox, veritysetup, blkid), first-boot Ignition, switch to systemd"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror strip"

# Build-time *target* dependencies: everything is copied from ${ESYSROOT}, so
# Railyard must run Portage with SYSROOT=ROOT and must not use
# --root-deps=rdeps (that option drops DEPEND as well).  The libraries of
# veritysetup/dmsetup/blkid come in through the RDEPEND of these packages.
DEPEND="
	sys-apps/busybox[static]
	sys-apps/ignition-bin
	sys-apps/shadow-bin
	sys-apps/util-linux-bin
	sys-fs/cryptsetup-bin
	sys-fs/dmsetup-bin
	sys-kernel/linux-cloud-bin:=
"
RDEPEND=""

# Programs besides busybox; their ELF closure is copied along.  Ignition's
# files stage runs the shadow tools with --root /sysroot.
RY_INITRAMFS_PROGRAMS="/usr/sbin/veritysetup /usr/sbin/dmsetup /usr/sbin/blkid
	/usr/bin/ignition
	/usr/sbin/useradd /usr/sbin/usermod /usr/sbin/userdel
	/usr/sbin/groupadd /usr/sbin/groupdel"

# Kernel modules /init loads (dependencies from modules.dep are added): set
# per board as RAILYARD_INITRAMFS_MODULES in board-configs/<board>/portage/make.defaults.
# (Profile variable: not in the metadata cache, so Railyard hashes its value
# into this package's input key.)

_kv() {
	local kv
	kv=$(<"${ESYSROOT}/usr/share/railyard/kernel-release") || die "kernel-release missing in ${ESYSROOT}"
	echo "${kv}"
}

# _norm NAME: module name as the kernel knows it (dm-verity -> dm_verity).
_norm() {
	local n=${1##*/}
	n=${n%.ko}
	echo "${n//-/_}"
}

# _add_module NAME: add module NAME after its dependencies (from the caller's
# ${moddir}/modules.dep) to usr/lib/modules/initramfs/ and the load order.
# Modules built into the kernel are skipped.
_add_module() {
	local want=$(_norm "$1") line rel dep name
	[[ -n ${_added[${want}]} ]] && return 0
	line=$(awk -v w="${want}" '{ n = $1; sub(/:$/, "", n); sub(/.*\//, "", n); sub(/\.ko$/, "", n); gsub(/-/, "_", n); if (n == w) { print; exit } }' \
		"${moddir}/modules.dep")
	if [[ -z ${line} ]]; then
		awk '{ sub(/.*\//, ""); sub(/\.ko$/, ""); gsub(/-/, "_"); print }' "${moddir}/modules.builtin" \
			| grep -qx "${want}" && return 0
		die "kernel module ${1} is neither in modules.dep nor built in"
	fi
	_added[${want}]=1
	rel=${line%%:*}
	for dep in ${line#*:}; do
		_add_module "${dep}"
	done
	name=$(_norm "${rel}")
	cp "${moddir}/${rel}" "${r}/usr/lib/modules/initramfs/${name}.ko" || die
	echo "${name}" >> "${r}/usr/lib/modules/initramfs/load-order" || die
}

src_compile() {
	local r="${WORKDIR}/root" kv d a
	kv=$(_kv) || die
	local moddir="${ESYSROOT}/usr/lib/modules/${kv}"
	[[ -n ${RAILYARD_INITRAMFS_MODULES} ]] || die "RAILYARD_INITRAMFS_MODULES is not set (board profile make.defaults)"

	# Merged-/usr skeleton.
	for d in usr/bin usr/sbin usr/lib/modules/initramfs dev proc sys run sysroot tmp etc; do
		mkdir -p "${r}/${d}" || die
	done
	for d in bin sbin lib; do
		ln -s "usr/${d}" "${r}/${d}" || die
	done
	if [[ ${ARCH} == amd64 ]]; then
		mkdir -p "${r}/usr/lib64" || die
		ln -s usr/lib64 "${r}/lib64" || die
	fi

	# Static busybox and a link for every applet it has (in /usr/bin).
	cp "${ESYSROOT}/usr/bin/busybox" "${r}/usr/bin/busybox" || die
	while read -r a; do
		a=${a##*/}
		[[ ${a} == busybox || -e ${r}/usr/bin/${a} ]] && continue
		ln -s busybox "${r}/usr/bin/${a}" || die
	done < "${ESYSROOT}/usr/share/busybox/busybox.links"

	# veritysetup, dmsetup, util-linux blkid (in /usr/sbin: ahead of busybox's
	# applets in /init's PATH) with interpreter and libraries.
	railyard-elf_copy_with_libs "${r}" ${RY_INITRAMFS_PROGRAMS}

	local -A _added=()
	: > "${r}/usr/lib/modules/initramfs/load-order" || die
	for a in ${RAILYARD_INITRAMFS_MODULES}; do
		_add_module "${a}"
	done

	install -m 0755 "${FILESDIR}/init" "${r}/init" || die

	# Ignition's helpers (in /usr/sbin, ahead of busybox's applets in /init's
	# PATH): modprobe (this initramfs's module set), setfiles (no SELinux
	# policy), systemctl (offline, with the verified /usr's systemctl) and
	# udevadm settle (mdev).  ignition.sh is the first-boot part of /init.
	local h
	for h in modprobe setfiles systemctl udevadm; do
		install -m 0755 "${FILESDIR}/bin/${h}" "${r}/usr/sbin/${h}" || die
	done
	mkdir -p "${r}/usr/lib/railyard" "${r}/usr/lib/ignition" || die
	install -m 0644 "${FILESDIR}/ignition.sh" "${r}/usr/lib/railyard/ignition.sh" || die
	install -m 0755 "${FILESDIR}/udhcpc.script" "${r}/usr/lib/railyard/udhcpc.script" || die

	# Reproducible newc archive: sorted names, mtimes clamped to
	# SOURCE_DATE_EPOCH, owner root, then zstd.
	local sde=${SOURCE_DATE_EPOCH:-0}
	find "${r}" -exec touch -h -d "@${sde}" {} + || die
	( cd "${r}" && find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z \
		| cpio --null --create --format=newc --owner=0:0 --reproducible --quiet ) \
		> "${WORKDIR}/initramfs.cpio" || die "cpio failed"
	zstd -q -19 -T1 --no-progress "${WORKDIR}/initramfs.cpio" -o "${WORKDIR}/initramfs.img" || die
}

src_install() {
	insinto /usr/lib/modules/$(_kv)
	doins "${WORKDIR}/initramfs.img"
	dosym "../lib/modules/$(_kv)/initramfs.img" /usr/boot/initramfs.img
	railyard_require_nonempty "/usr/lib/modules/$(_kv)/initramfs.img"
}
