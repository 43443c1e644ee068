# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# systemd-timesyncd from Debian's systemd 252.39-1~deb12u2 (bookworm splits it
# out of the systemd package): SNTP client that keeps the clock in step with the
# NTP servers systemd-networkd learns by DHCP, else Debian's pool entries in
# /etc/systemd/timesyncd.conf.  Enabled by railyard-base/railyard-network; its
# user (systemd-timesync) is static in sys-apps/baselayout-railyard.
DEB_PV="252.39-1~deb12u2"
RAILYARD_DEBS=(
	"debian s/systemd systemd-timesyncd ${DEB_PV}"
)

DESCRIPTION="systemd-timesyncd network time synchronization (prebuilt)"
HOMEPAGE="https://systemd.io/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="LGPL-2.1+"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# NEEDED: libsystemd-shared (systemd-bin), libm, libc.
RDEPEND="
	sys-apps/baselayout-railyard
	~sys-apps/systemd-bin-${PV}
	sys-libs/glibc-bin
"

# No dhclient (networkd passes DHCP's NTP servers itself), no D-Bus.
RAILYARD_DEB_DROP="
	etc/dhcp usr/share/dbus-1
"
