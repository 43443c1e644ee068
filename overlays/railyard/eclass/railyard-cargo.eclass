# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

# @ECLASS: railyard-cargo.eclass
# @MAINTAINER:
# Railyard authors
# @SUPPORTED_EAPIS: 8
# @BLURB: build Rust packages offline from vendored crate sources
# @DESCRIPTION:
# Crate sources are distfiles pinned by the Manifest.  They come from
# Debian's librust-*-dev packages (mirror://debian/...), whose data.tar holds
# /usr/share/cargo/registry/<crate>-<version>/ including .cargo-checksum.json,
# i.e. exactly the layout "cargo vendor" produces.  src_unpack collects them
# into ${WORKDIR}/vendor and src_configure writes a cargo config that replaces
# the default registry with that directory; cargo then runs with --offline, so
# no network and no registry host name is ever involved.
#
# The Rust toolchain is a host tool: RUSTC/CARGO may be set (Railyard's
# generated make.conf points them at the pinned toolchain), otherwise
# rustc/cargo from PATH are used.

case ${EAPI} in
	8) ;;
	*) die "${ECLASS}: EAPI ${EAPI:-0} not supported" ;;
esac

if [[ -z ${_RAILYARD_CARGO_ECLASS} ]]; then
_RAILYARD_CARGO_ECLASS=1

inherit railyard-debutils

# @ECLASS_VARIABLE: RAILYARD_CARGO_BINS
# @DESCRIPTION:
# Binaries (target/<triple>/release/<name>) installed into /usr/bin.
: "${RAILYARD_CARGO_BINS:=${PN}}"

# @FUNCTION: railyard-cargo_rust_target
# @DESCRIPTION:
# Rust target triple for ${ARCH}.
railyard-cargo_rust_target() {
	case ${ARCH} in
		amd64) echo x86_64-unknown-linux-gnu ;;
		arm64) echo aarch64-unknown-linux-gnu ;;
		*) die "no Rust target for ARCH=${ARCH}" ;;
	esac
}

# @FUNCTION: railyard-cargo_src_unpack
# @DESCRIPTION:
# .deb distfiles -> crate directories in ${WORKDIR}/vendor; others unpacked.
railyard-cargo_src_unpack() {
	local f
	mkdir -p "${WORKDIR}/vendor" || die
	for f in ${A}; do
		case ${f} in
			*.deb)
				railyard-deb_unpack_one "${DISTDIR}/${f}" "${WORKDIR}/deb.${f%.deb}"
				local c found=
				for c in "${WORKDIR}/deb.${f%.deb}"/usr/share/cargo/registry/*/; do
					[[ -f ${c}/Cargo.toml ]] || continue
					mv "${c}" "${WORKDIR}/vendor/" || die
					found=1
				done
				[[ -n ${found} ]] || die "${f} contains no crate sources"
				rm -rf "${WORKDIR}/deb.${f%.deb}" || die
				;;
			*) unpack "${f}" ;;
		esac
	done
}

# @FUNCTION: railyard-cargo_src_configure
# @DESCRIPTION:
# Write ${S}/.cargo/config.toml (vendored source replacement, target linker)
# and resolve Cargo.lock offline.
railyard-cargo_src_configure() {
	local target=$(railyard-cargo_rust_target)
	local tvar=${target//-/_}
	mkdir -p "${S}/.cargo" || die
	cat > "${S}/.cargo/config.toml" <<-EOF || die
	[source.crates-io]
	replace-with = "railyard-vendor"

	[source.railyard-vendor]
	directory = "${WORKDIR}/vendor"

	[net]
	offline = true

	[target.${target}]
	linker = "${CC:-${CHOST}-gcc}"
	EOF
	export CARGO_HOME="${T}/cargo-home"
	export CARGO_TARGET_DIR="${WORKDIR}/target"
	# Reproducible: no build paths in the binary, fixed codegen.
	export RUSTFLAGS="--remap-path-prefix=${WORKDIR}=/build --remap-path-prefix=${CARGO_HOME}=/cargo ${RUSTFLAGS}"
	export CARGO_PROFILE_RELEASE_DEBUG=false
	"${CARGO:-cargo}" generate-lockfile --offline || die "cargo could not resolve from vendored crates"
}

# @FUNCTION: railyard-cargo_src_compile
# @DESCRIPTION:
# Offline release build (CARGO_HOME, CARGO_TARGET_DIR and RUSTFLAGS were
# exported by src_configure; Portage keeps them in the saved phase env).
railyard-cargo_src_compile() {
	local jobs=$(grep -Eo -- '-j ?[0-9]+' <<<"${MAKEOPTS}" | grep -Eo '[0-9]+')
	"${CARGO:-cargo}" build --release --offline --locked \
		--target "$(railyard-cargo_rust_target)" -j "${jobs:-1}" \
		|| die "cargo build failed"
}

# @FUNCTION: railyard-cargo_src_install
# @DESCRIPTION:
# Install RAILYARD_CARGO_BINS and the resolved Cargo.lock.
railyard-cargo_src_install() {
	local b
	for b in ${RAILYARD_CARGO_BINS}; do
		dobin "${WORKDIR}/target/$(railyard-cargo_rust_target)/release/${b}"
	done
	# Record the exact crate set for the SBOM.
	insinto /usr/share/railyard/crates
	newins "${S}/Cargo.lock" "${PN}.Cargo.lock"
}

fi

EXPORT_FUNCTIONS src_unpack src_configure src_compile src_install
