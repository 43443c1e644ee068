# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# runc 1.1.5+ds1-1+deb12u1 (Debian 12): the OCI runtime containerd's runc
# shim starts.  A cgo program: DT_NEEDED libseccomp.so.2 (base-libs-bin) and
# libc.so.6.  Debian installs it as /usr/sbin/runc with /usr/bin/runc a link.
RAILYARD_DEBS=(
	"debian r/runc runc 1.1.5+ds1-1+deb12u1"
)
RAILYARD_DEB_DROP="usr/share/bash-completion"

DESCRIPTION="CLI tool for spawning and running containers per the OCI spec (prebuilt)"
HOMEPAGE="https://github.com/opencontainers/runc"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="Apache-2.0"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

RDEPEND="
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
"
