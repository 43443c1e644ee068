# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Utilities for rescue and embedded systems (built from source)"
HOMEPAGE="https://busybox.net/"
# Debian's pristine copy of the upstream release tarball.
SRC_URI="mirror://debian/pool/main/b/busybox/busybox_${PV}.orig.tar.bz2"
S="${WORKDIR}/${P}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
IUSE="+static"
RESTRICT="mirror test"

# Options switched off after "make defconfig": they need headers/libraries
# that are not in the build environment, or fail with current toolchains.
BB_DISABLE=(
	TC                      # sch_cbq removed from newer kernel headers
	FEATURE_INETD_RPC       # needs Sun RPC headers (not in glibc any more)
	FEATURE_MOUNT_NFS       # same
	SELINUX PAM             # no libselinux/libpam in the sysroot
)

# Toolchain prefix: CC from the environment (Railyard's make.conf) wins,
# otherwise ${CHOST}-gcc.
_bb_prefix() {
	local cc=${CC:-${CHOST}-gcc}
	if [[ ${cc} == *-gcc ]]; then
		echo "${cc%gcc}"
	else
		echo "${CHOST}-"
	fi
}

_bb_make() {
	local p=$(_bb_prefix)
	emake CROSS_COMPILE="${p}" CC="${p}gcc" HOSTCC="${BUILD_CC:-gcc}" \
		CONFIG_EXTRA_CFLAGS="${CFLAGS}" CONFIG_EXTRA_LDFLAGS="${LDFLAGS}" \
		KCONFIG_NOTIMESTAMP=1 SKIP_STRIP=y V=1 "$@"
}

_bb_set() {
	# _bb_set NAME y|n|"string"
	local name=CONFIG_${1} val=${2}
	sed -i -e "/^${name}=/d" -e "/^# ${name} is not set/d" .config || die
	if [[ ${val} == n ]]; then
		echo "# ${name} is not set" >> .config || die
	else
		echo "${name}=${val}" >> .config || die
	fi
}

src_configure() {
	_bb_make defconfig
	local o
	for o in "${BB_DISABLE[@]}"; do
		_bb_set "${o}" n
	done
	_bb_set STATIC "$(usex static y n)"
	_bb_set EXTRA_COMPAT n
	# Full modprobe: reads kmod's modules.dep (modprobe-small, the defconfig
	# choice, does not resolve dependencies from it -> "Unknown symbol").
	_bb_set MODPROBE_SMALL n
	# Reproducible: no host name / user in the banner.
	_bb_set FEATURE_VERBOSE_USAGE y
	yes "" | _bb_make oldconfig >/dev/null
	grep -E '^CONFIG_(STATIC|MODPROBE_SMALL|TC|FEATURE_INETD_RPC)=' .config
}

src_compile() {
	_bb_make busybox busybox.links
}

# Applets linked into /usr/bin and /usr/sbin of the image (paths from
# busybox.links, moved under /usr).  Deliberately not linked because another
# package provides them: init, halt, poweroff, reboot (sys-apps/systemd-bin),
# blkid, sulogin, getty (sys-apps/util-linux-bin: agetty).  login is busybox's:
# no PAM; it reads /etc/passwd and /etc/shadow itself, refuses locked ("*",
# "!") passwords and lets agetty's --autologin through with -f.
BB_APPLETS=(
	"[" ash awk base64 basename cat chmod chown chroot clear cmp cp cttyhack
	cut date dd df diff dirname dmesg du echo env expr false find free grep
	gunzip gzip head hexdump hostname id insmod install ip kill less ln
	login losetup ls lsmod md5sum mdev mkdir mknod mktemp modprobe more mount
	mountpoint mv nproc od printf ps pwd readlink realpath rm rmdir rmmod sed
	seq sh sha1sum sha256sum sleep sort stat stty switch_root sync sysctl
	tail tar tee test top touch tr true tty umount uname uniq uptime vi wc wget
	which xargs yes zcat
)

src_install() {
	into /usr
	dobin busybox
	# Applet list for image/initramfs builders (one path per line).
	insinto /usr/share/busybox
	doins busybox.links .config

	local a p found
	for a in "${BB_APPLETS[@]}"; do
		found=
		while read -r p; do
			[[ ${p##*/} == "${a}" ]] || continue
			case ${p} in
				/bin/*|/usr/bin/*) dosym busybox "/usr/bin/${a}" ;;
				/sbin/*|/usr/sbin/*) dosym ../bin/busybox "/usr/sbin/${a}" ;;
				*) die "unexpected applet path ${p}" ;;
			esac
			found=1
			break
		done < busybox.links
		[[ -n ${found} ]] || die "applet ${a} is not in this busybox build"
	done
}
