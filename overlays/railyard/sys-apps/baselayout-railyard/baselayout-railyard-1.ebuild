# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Railyard filesystem layout (merged /usr) and os-release"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# os-release values come from the profile (make.defaults) and Railyard's
# generated make.conf.  They are *not* part of Portage's metadata cache, so
# the Rust planner must hash RAILYARD_* into this package's input key.
_os_release() {
	local arch_lib
	cat <<-EOT
	NAME="${RAILYARD_OS_NAME:-Railyard Linux}"
	ID=${RAILYARD_OS_ID:-railyard}
	ID_LIKE=${RAILYARD_OS_ID_LIKE:-flatcar}
	VERSION=${RAILYARD_VERSION_ID:-0.0.0}
	VERSION_ID=${RAILYARD_VERSION_ID:-0.0.0}
	BUILD_ID=${RAILYARD_BUILD_ID:-dev}
	PRETTY_NAME="${RAILYARD_OS_NAME:-Railyard Linux} ${RAILYARD_VERSION_ID:-0.0.0}"
	ANSI_COLOR="38;5;75"
	HOME_URL="${RAILYARD_HOME_URL}"
	RAILYARD_BOARD=${RAILYARD_BOARD:-${ARCH}-usr}
	EOT
}

src_install() {
	local d
	# Merged /usr: top-level compatibility symlinks.
	for d in bin sbin lib; do
		keepdir /usr/${d}
		dosym usr/${d} /${d}
	done
	if [[ ${ARCH} == amd64 ]]; then
		keepdir /usr/lib64
		dosym usr/lib64 /lib64
	fi

	# Top-level directories (Flatcar-like: /usr read-only, rest writable).
	for d in boot dev etc home media mnt opt proc root run srv sys tmp \
		usr/share usr/libexec usr/local var/lib var/log var/cache var/tmp; do
		keepdir /${d}
	done
	fperms 0700 /root
	fperms 1777 /tmp /var/tmp
	dosym ../run /var/run
	dosym ../run/lock /var/lock

	insinto /usr/lib
	newins - os-release < <(_os_release)
	dosym ../usr/lib/os-release /etc/os-release

	# Minimal static identity files (systemd-sysusers would replace these).
	insinto /usr/share/baselayout
	newins - passwd <<-EOT
	root:x:0:0:root:/root:/bin/sh
	nobody:x:65534:65534:nobody:/var/empty:/bin/false
	EOT
	newins - group <<-EOT
	root:x:0:
	nobody:x:65534:
	EOT
}
