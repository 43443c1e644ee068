# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-cargo

DESCRIPTION="Tiny on-image helper printing the Railyard OS identity (Rust)"
HOMEPAGE=""
# Vendored crates: Debian's crate-source packages (arch-independent content;
# the _amd64 file is used for every board because it is a build input only).
CRATES_DEB="
	r/rust-itoa/librust-itoa-dev_1.0.1-2_amd64.deb
	r/rust-memchr/librust-memchr-dev_2.5.0-1_amd64.deb
"
SRC_URI=""
for _c in ${CRATES_DEB}; do
	SRC_URI+=" mirror://debian/pool/main/${_c}"
done
unset _c
S="${WORKDIR}/${PN}"

LICENSE="GPL-2"
SLOT="0"
# Cross builds need the target's Rust std on the build host
# (rustup target add aarch64-unknown-linux-gnu) and the board's gcc as linker.
KEYWORDS="amd64 arm64"
RESTRICT="mirror test"

# Dynamically linked against glibc and libgcc_s.
RDEPEND="sys-libs/glibc-bin"

src_unpack() {
	railyard-cargo_src_unpack
	cp -r "${FILESDIR}/${PN}" "${S}" || die
}
