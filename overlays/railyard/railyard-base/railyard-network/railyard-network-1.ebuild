# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Railyard network policy: systemd-networkd DHCP on every ethernet link, systemd-resolved stub, systemd-timesyncd"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# systemd-networkd is part of sys-apps/systemd-bin; its user
# (systemd-network) and systemd-resolved's (systemd-resolve) are static in
# sys-apps/baselayout-railyard.
RDEPEND="
	sys-apps/baselayout-railyard
	sys-apps/systemd-bin
	sys-apps/systemd-resolved-bin
	sys-apps/systemd-timesyncd-bin
"

src_install() {
	insinto /usr/lib/systemd/network
	doins "${FILESDIR}"/zz-default.network

	# Enabled statically in /usr (what `systemctl enable` would link, per the
	# units' [Install] sections).
	local s=/usr/lib/systemd/system
	dosym ../systemd-networkd.service ${s}/multi-user.target.wants/systemd-networkd.service
	dosym ../systemd-networkd.socket ${s}/sockets.target.wants/systemd-networkd.socket
	dosym ../systemd-resolved.service ${s}/sysinit.target.wants/systemd-resolved.service
	dosym ../systemd-timesyncd.service ${s}/sysinit.target.wants/systemd-timesyncd.service

	# Programs resolve through the stub (the DHCP servers are behind it).
	dosym ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf
}
