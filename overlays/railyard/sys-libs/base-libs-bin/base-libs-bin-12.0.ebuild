# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-deb

# Small shared libraries of the base system, imported from Debian 12
# (bookworm): the run-time closure of systemd/udev, util-linux and
# device-mapper that no other -bin package carries.  The set was derived from
# the ELF NEEDED entries (readelf -d) of the unpacked binaries, not from
# Debian's Depends.  PV: 12 (Debian release) . bundle revision.
RAILYARD_DEBS=(
	"debian a/acl libacl1 2.3.1-3"
	"debian a/apparmor libapparmor1 3.0.8-3"
	"debian a/audit libaudit1 3.0.9-1"
	"debian a/audit libaudit-common 3.0.9-1 all"
	"debian libc/libcap-ng libcap-ng0 0.8.3-1+b3"
	"debian libc/libcap2 libcap2 2.66-4+deb12u3+b1"
	"debian libx/libxcrypt libcrypt1 4.4.33-2"
	"debian libg/libgcrypt20 libgcrypt20 1.10.1-3+deb12u1"
	"debian libg/libgpg-error libgpg-error0 1.46-1"
	"debian i/iptables libip4tc2 1.8.9-2"
	"debian k/kmod libkmod2 30+20221128-1"
	"debian l/lz4 liblz4-1 1.9.4-1"
	"debian-security x/xz-utils liblzma5 5.4.1-1+deb12u2"
	"debian p/pam libpam0g 1.5.2-6+deb12u2"
	"debian-security p/pcre2 libpcre2-8-0 10.42-1+deb12u2"
	"debian libs/libseccomp libseccomp2 2.5.4-1+deb12u1"
	"debian libs/libselinux libselinux1 3.4-1+b6"
	"debian libz/libzstd libzstd1 1.5.4+dfsg2-5"
)

DESCRIPTION="Base shared libraries (acl, audit, libcap, libcrypt, libgcrypt, kmod, lz4, xz, pam, pcre2, seccomp, selinux, zstd; prebuilt)"
HOMEPAGE="https://www.debian.org/"
SRC_URI="$(railyard-deb_src_uri)"

# From each .deb's DEP-5 copyright (the library's paragraph where there is one).
LICENSE="LGPL-2+ LGPL-2.1 LGPL-2.1+ || ( BSD GPL-2 ) GPL-2 BSD-2 public-domain
	|| ( BSD GPL-2 ) BSD-with-exception"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# libkmod links libcrypto.
RDEPEND="
	sys-libs/glibc-bin
	sys-libs/openssl-bin
"
