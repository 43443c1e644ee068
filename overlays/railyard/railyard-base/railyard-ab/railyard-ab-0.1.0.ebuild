# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit railyard-debutils railyard-nonempty

DESCRIPTION="A/B USR slots: the UEFI boot selector and the railyard-update agent (Rust, GPT priority/tries/successful bits)"
HOMEPAGE=""
# compiler_builtins from Debian's crate-source package (build input only, the same file for
# every board); core is compiled from the toolchain's own library sources (rust-src).
CB_PV="0.1.70"
SRC_URI="mirror://debian/pool/main/r/rust-compiler-builtins/librust-compiler-builtins-dev_${CB_PV}-1_amd64.deb"
S="${WORKDIR}"

LICENSE="Apache-2.0"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror test strip"

# railyard-update runs on glibc and takes SHA-256 and Ed25519 from OpenSSL's libcrypto
# (loaded at run time: nothing of OpenSSL is needed to build it)
RDEPEND="
	sys-libs/glibc-bin
	sys-libs/openssl-bin
"

# Build host: rustc with its library sources (Debian: rust-src) and lld-link (Debian: lld).
# The UEFI targets ship no prebuilt core, so core and compiler_builtins are compiled here
# (RUSTC_BOOTSTRAP allows that on a stable compiler), then gptprio, then the selector.

railyard_selector_target() {
	case ${ARCH} in
		amd64) echo x86_64-unknown-uefi ;;
		arm64) echo aarch64-unknown-uefi ;;
		*) die "no UEFI target for ARCH=${ARCH}" ;;
	esac
}

railyard_selector_file() {
	case ${ARCH} in
		amd64) echo railyard-selectorx64.efi ;;
		arm64) echo railyard-selectoraa64.efi ;;
	esac
}

# railyard-update: the board's Rust toolchain (its std for the target), linked by the
# board's gcc.
railyard_ab_linux_target() {
	case ${ARCH} in
		amd64) echo x86_64-unknown-linux-gnu ;;
		arm64) echo aarch64-unknown-linux-gnu ;;
	esac
}

src_unpack() {
	railyard-deb_unpack_one "${DISTDIR}/${A}" "${WORKDIR}/deb"
	mv "${WORKDIR}/deb/usr/share/cargo/registry/compiler_builtins-${CB_PV}" "${WORKDIR}/compiler_builtins" || die
	rm -rf "${WORKDIR}/deb" || die
	cp -r "${FILESDIR}/gptprio" "${FILESDIR}/selector" "${FILESDIR}/update" "${WORKDIR}/" || die
}

src_compile() {
	# Any rustc with its library sources will do (no target std is needed): Debian's first,
	# so the selector is the same on every host and in the SDK container (its version and
	# rust-src's are in every package's input hash), else the board's toolchain.
	local rustc lib sysroot
	for rustc in /usr/bin/rustc "${RUSTC:-rustc}"; do
		sysroot=$("${rustc}" --print sysroot 2>/dev/null) || continue
		lib="${sysroot}/lib/rustlib/src/rust/library"
		[[ -f ${lib}/core/src/lib.rs ]] && break
		lib=
	done
	[[ -n ${lib} ]] || die "no Rust library sources next to /usr/bin/rustc or ${RUSTC:-rustc} (install Debian's rust-src, or: rustup component add rust-src)"
	einfo "compiler: ${rustc} ($("${rustc}" -V))"
	command -v lld-link >/dev/null || die "lld-link not found (install Debian's lld)"
	local target=$(railyard_selector_target) out="${WORKDIR}/out"
	mkdir -p "${out}" || die
	# no build paths in the output; fixed codegen; no PDB, no time stamp
	local common=(
		--target "${target}" -C opt-level=s -C panic=abort -C codegen-units=1
		-C debuginfo=0 -C strip=symbols
		"--remap-path-prefix=${WORKDIR}=/build" "--remap-path-prefix=${lib}=/rust/library"
		-L "${out}"
	)
	export RUSTC_BOOTSTRAP=1
	einfo "core (${target})"
	"${rustc}" "${common[@]}" --edition 2021 --crate-type rlib --crate-name core \
		"${lib}/core/src/lib.rs" -o "${out}/libcore.rlib" || die "compiling core"
	einfo "compiler_builtins ${CB_PV}"
	"${rustc}" "${common[@]}" --crate-type rlib --crate-name compiler_builtins \
		--cfg 'feature="unstable"' --cfg 'feature="mem"' --cfg 'feature="compiler-builtins"' \
		--extern core="${out}/libcore.rlib" -A warnings \
		"${WORKDIR}/compiler_builtins/src/lib.rs" -o "${out}/libcompiler_builtins.rlib" || die "compiling compiler_builtins"
	einfo "gptprio"
	"${rustc}" "${common[@]}" --edition 2021 --crate-type rlib --crate-name gptprio \
		--extern core="${out}/libcore.rlib" --extern compiler_builtins="${out}/libcompiler_builtins.rlib" \
		"${WORKDIR}/gptprio/src/lib.rs" -o "${out}/libgptprio.rlib" || die "compiling gptprio"
	einfo "selector"
	"${rustc}" "${common[@]}" --edition 2021 --crate-type bin --crate-name railyard_selector \
		--extern core="${out}/libcore.rlib" --extern compiler_builtins="${out}/libcompiler_builtins.rlib" \
		--extern gptprio="${out}/libgptprio.rlib" \
		-C linker=lld-link -C link-arg=/Brepro \
		"${WORKDIR}/selector/src/main.rs" -o "${out}/$(railyard_selector_file)" || die "linking the selector"
	unset RUSTC_BOOTSTRAP

	einfo "railyard-update ($(railyard_ab_linux_target), ${RUSTC:-rustc})"
	local linux=(
		--target "$(railyard_ab_linux_target)" -C opt-level=2 -C codegen-units=1 -C debuginfo=0
		-C strip=symbols -C linker="${CC:-${CHOST}-gcc}"
		"--remap-path-prefix=${WORKDIR}=/build"
	)
	mkdir -p "${WORKDIR}/linux" || die
	"${RUSTC:-rustc}" "${linux[@]}" --edition 2021 --crate-type rlib --crate-name gptprio \
		"${WORKDIR}/gptprio/src/lib.rs" -o "${WORKDIR}/linux/libgptprio.rlib" || die "compiling gptprio (linux)"
	"${RUSTC:-rustc}" "${linux[@]}" --edition 2021 --crate-type bin --crate-name railyard_update \
		--extern gptprio="${WORKDIR}/linux/libgptprio.rlib" \
		"${WORKDIR}/update/src/main.rs" -o "${WORKDIR}/linux/railyard-update" || die "linking railyard-update"
}

src_install() {
	dobin "${WORKDIR}/linux/railyard-update"
	insinto /usr/lib/systemd/system
	doins "${FILESDIR}"/units/railyard-update-{mark-good,check}.{service,timer} "${FILESDIR}"/units/railyard-update-status.service
	local t
	for t in mark-good check; do
		dosym ../railyard-update-${t}.timer /usr/lib/systemd/system/timers.target.wants/railyard-update-${t}.timer
	done
	dosym ../railyard-update-status.service /usr/lib/systemd/system/multi-user.target.wants/railyard-update-status.service
	insinto /usr/share/railyard
	doins "${FILESDIR}"/conf/update.conf
	insinto /usr/lib/railyard/selector
	doins "${WORKDIR}/out/$(railyard_selector_file)"
	railyard_require_nonempty "usr/lib/railyard/selector/$(railyard_selector_file)" usr/bin/railyard-update
}
