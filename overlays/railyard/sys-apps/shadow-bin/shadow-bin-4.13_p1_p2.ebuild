# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# shadow 1:4.13+dfsg1-1+deb12u2 (Debian "passwd"): useradd, usermod, userdel,
# groupadd, groupdel, chpasswd, ... for Ignition's files stage (run from the
# initramfs with --root /sysroot) and for administrators on the running
# system.  Library set from DT_NEEDED (readelf -d), not from Depends:
#   useradd/usermod/userdel: libaudit.so.1 libselinux.so.1 libsemanage.so.2 libc.so.6
#   groupadd/groupdel:       libaudit.so.1 libselinux.so.1 libc.so.6
#   chpasswd:                + libpam.so.0 libcrypt.so.1
#   libsemanage.so.2:        libsepol.so.2 libaudit.so.1 libselinux.so.1 libbz2.so.1.0
# libaudit, libselinux, libpam, libcrypt come from base-libs-bin.
# /etc/login.defs comes from Debian's "login" package (only that file is kept).
RAILYARD_DEBS=(
	"debian s/shadow passwd 4.13+dfsg1-1+deb12u2"
	"debian s/shadow login 4.13+dfsg1-1+deb12u2"
	"debian libs/libsemanage libsemanage2 3.4-1+b5"
	"debian libs/libsemanage libsemanage-common 3.4-1 all"
	"debian libs/libsepol libsepol2 3.4-2.1"
	"debian b/bzip2 libbz2-1.0 1.0.8-5+b1"
)

DESCRIPTION="Shadow password suite tools: useradd, usermod, groupadd, ... (prebuilt)"
HOMEPAGE="https://github.com/shadow-maint/shadow"
SRC_URI="$(railyard-deb_src_uri)"

LICENSE="BSD GPL-2+ LGPL-2.1+ BZIP2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

RDEPEND="
	sys-libs/base-libs-bin
	sys-libs/glibc-bin
"

# From "login" keep etc/login.defs only (USERGROUPS_ENAB yes, UID_MIN 1000,
# ENCRYPT_METHOD SHA512); passwd's etc/default/useradd says SHELL=/bin/sh.
# The set-id programs (passwd, chsh, chfn, gpasswd, newgrp/sg, expiry, chage)
# and login/nologin are not shipped: Railyard logs in with ssh keys.
# RAILYARD_DEB_DROP is applied after the merged-/usr move (/bin -> /usr/bin).
# Paths from `dpkg-deb -c` of passwd and login 1:4.13+dfsg1-1+deb12u2.
RAILYARD_DEB_DROP="usr/share/locale usr/share/lintian
	usr/bin/login usr/bin/faillog usr/bin/lastlog usr/bin/newgrp usr/bin/sg
	usr/bin/passwd usr/bin/chfn usr/bin/chsh usr/bin/gpasswd usr/bin/expiry usr/bin/chage
	usr/sbin/nologin usr/sbin/shadowconfig
	etc/pam.d/login etc/pam.d/chfn etc/pam.d/chsh etc/pam.d/passwd"
