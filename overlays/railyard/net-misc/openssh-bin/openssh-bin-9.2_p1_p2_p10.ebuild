# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# OpenSSH 1:9.2p1-2+deb12u10 (Debian 12): sshd, the client tools a machine
# needs (ssh, scp, ssh-keygen, ssh-keyscan, ssh-add, ssh-agent) and
# sftp-server, plus the libraries their DT_NEEDED ask for that no other
# package ships (readelf -d):
#   sshd:        libwrap.so.0 (-> libnsl.so.2 -> libtirpc.so.3) libgssapi_krb5.so.2
#                libkrb5.so.3 (-> libk5crypto.so.3 libkrb5support.so.0 libkeyutils.so.1)
#                libcom_err.so.2 libz.so.1, and libcrypt/libaudit/libpam/libselinux
#                (base-libs-bin), libsystemd (libsystemd-bin), libcrypto (openssl-bin)
#   ssh:         libgssapi_krb5 libz libselinux libcrypto
#   ssh-keygen:  libselinux libcrypto
# Left out: sftp (libedit), ssh-sk-helper (libfido2), the set-uid ssh-keysign,
# the runit/sysvinit/ufw/apport files and the user ssh-agent unit.
DEB_PV="9.2p1-2+deb12u10"
KRB_PV="1.20.1-2+deb12u5"
RAILYARD_DEBS=(
	"debian o/openssh openssh-server ${DEB_PV}"
	"debian o/openssh openssh-client ${DEB_PV}"
	"debian o/openssh openssh-sftp-server ${DEB_PV}"
	"debian t/tcp-wrappers libwrap0 7.6.q-32"
	"debian libn/libnsl libnsl2 1.3.0-2"
	"debian libt/libtirpc libtirpc3 1.3.3+ds-1"
	"debian libt/libtirpc libtirpc-common 1.3.3+ds-1 all"
	"debian k/krb5 libgssapi-krb5-2 ${KRB_PV}"
	"debian k/krb5 libkrb5-3 ${KRB_PV}"
	"debian k/krb5 libk5crypto3 ${KRB_PV}"
	"debian k/krb5 libkrb5support0 ${KRB_PV}"
	"debian k/keyutils libkeyutils1 1.6.3-2"
	"debian e/e2fsprogs libcom-err2 1.47.0-2+b2"
	"debian-security z/zlib zlib1g 1.2.13.dfsg-1+deb12u1"
)

DESCRIPTION="OpenSSH server and client tools (prebuilt), host keys made on the machine's first boot"
HOMEPAGE="https://www.openssh.com/"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="BSD GPL-2 MIT ZLIB"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# sshd's privilege separation user "sshd" is static in baselayout-railyard.
RDEPEND="
	sys-apps/baselayout-railyard
	sys-apps/systemd-bin
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
	sys-libs/libsystemd-bin
	sys-libs/openssl-bin
"

RAILYARD_DEB_DROP="
	etc/init.d etc/runit etc/sv etc/ufw etc/pam.d var/log/runit
	usr/share/apport usr/share/runit usr/share/lintian usr/share/openssh/sshd_config.md5sum
	usr/bin/sftp usr/bin/ssh-argv0 usr/lib/openssh/ssh-sk-helper usr/lib/openssh/ssh-keysign
	usr/lib/openssh/agent-launch usr/lib/systemd/user usr/lib/sftp-server
	usr/lib/systemd/system/rescue-ssh.target usr/lib/systemd/system/ssh.socket
"

src_install() {
	railyard-deb_src_install
	# Debian's postinst copies the default configuration with ucf; here it
	# is installed as is, and Railyard's choices go into a drop-in (sshd
	# takes the first value it reads, and the Include comes first).
	insinto /etc/ssh
	newins "${S}/usr/share/openssh/sshd_config" sshd_config
	insinto /etc/ssh/sshd_config.d
	doins "${FILESDIR}/10-railyard.conf"

	# Host keys are made on the machine (first boot), never in the image:
	# two machines from one image must not share them.
	insinto /usr/lib/systemd/system
	doins "${FILESDIR}/railyard-sshd-keygen.service"
	local s=/usr/lib/systemd/system
	dosym ../ssh.service ${s}/multi-user.target.wants/ssh.service
	dosym ../railyard-sshd-keygen.service ${s}/ssh.service.wants/railyard-sshd-keygen.service
}
