# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# systemd-resolved from Debian's systemd 252.39-1~deb12u2 (bookworm splits it
# out of the systemd package): the DNS stub on 127.0.0.53 fed with the servers
# systemd-networkd learns by DHCP (read from /run/systemd/netif, no D-Bus
# needed), and resolvectl.  Enabled by railyard-base/railyard-network.
DEB_PV="252.39-1~deb12u2"
RAILYARD_DEBS=(
	"debian s/systemd systemd-resolved ${DEB_PV}"
)

DESCRIPTION="systemd-resolved network name resolution manager (prebuilt)"
HOMEPAGE="https://systemd.io/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# NEEDED: libsystemd-shared (systemd-bin), libssl/libcrypto (openssl-bin), libc.
RDEPEND="
	~sys-apps/systemd-bin-${PV}
	sys-libs/glibc-bin
	sys-libs/openssl-bin
"

RAILYARD_DEB_DROP="
	usr/share/bash-completion usr/share/zsh
"
