# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# containerd 1.6.20~ds1-1+deb12u3 (Debian 12): the daemon, ctr and the runc v2
# shim.  Made for a system extension (./build_sysext containerd
# app-containers/containerd-bin): everything lives under /usr.  Debian's
# /etc/containerd/config.toml only restates the defaults and is dropped (no
# /etc in an extension); the legacy v1 shims and shell completions too.  The
# unit is enabled the sysext way: a link in multi-user.target.wants under
# /usr/lib/systemd/system, picked up when the extension is merged.
RAILYARD_DEBS=(
	"debian c/containerd containerd 1.6.20~ds1-1+deb12u3"
)
RAILYARD_DEB_DROP="etc/containerd usr/share/bash-completion usr/share/zsh usr/bin/containerd-shim usr/bin/containerd-shim-runc-v1"

DESCRIPTION="Container runtime daemon with ctr (prebuilt)"
HOMEPAGE="https://containerd.io"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="Apache-2.0"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# containerd starts containerd-shim-runc-v2, which runs runc.
RDEPEND="
	app-containers/runc-bin
	sys-libs/glibc-bin
"

src_install() {
	railyard-deb_src_install
	[[ -f ${ED}/usr/lib/systemd/system/containerd.service ]] || die "containerd.service not where Debian puts it"
	dosym ../containerd.service /usr/lib/systemd/system/multi-user.target.wants/containerd.service
}
