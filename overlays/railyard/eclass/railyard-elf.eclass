# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

# @ECLASS: railyard-elf.eclass
# @MAINTAINER:
# Railyard authors
# @SUPPORTED_EAPIS: 8
# @BLURB: copy target programs with their shared-library closure out of ${ESYSROOT}
# @DESCRIPTION:
# For packages that assemble a file system from other installed packages
# (the initramfs): programs are taken from ${ESYSROOT}, their ELF interpreter
# and DT_NEEDED libraries are found by reading the ELF headers with the
# board's readelf (${CHOST}-readelf, which Railyard's hostbin provides; plain
# readelf as a fallback -- GNU readelf reads every architecture) and looked up
# in the multiarch directories of ${ESYSROOT}.  Symbolic links are followed
# inside ${ESYSROOT}, never on the build host.  No phases are exported.

case ${EAPI} in
	8) ;;
	*) die "${ECLASS}: EAPI ${EAPI:-0} not supported" ;;
esac

if [[ -z ${_RAILYARD_ELF_ECLASS} ]]; then
_RAILYARD_ELF_ECLASS=1

# @FUNCTION: railyard-elf_multiarch
# @DESCRIPTION:
# Debian multiarch directory name for ${ARCH}.
railyard-elf_multiarch() {
	case ${ARCH} in
		amd64) echo x86_64-linux-gnu ;;
		arm64) echo aarch64-linux-gnu ;;
		*) die "no multiarch name for ARCH=${ARCH}" ;;
	esac
}

_railyard-elf_readelf() {
	local r=${READELF:-${CHOST}-readelf}
	type -P "${r}" >/dev/null || r=readelf
	"${r}" "$@"
}

# @FUNCTION: railyard-elf_resolve
# @USAGE: <root> <absolute path inside root>
# @DESCRIPTION:
# Print the host path of the file that <path> names inside <root>, following
# symbolic links (absolute ones relative to <root>).  Returns 1 if missing.
railyard-elf_resolve() {
	local root=${1%/} cur="" c t n=0
	local -a todo tp
	IFS=/ read -r -a todo <<<"${2#/}"
	while (( ${#todo[@]} )); do
		c=${todo[0]}
		todo=( "${todo[@]:1}" )
		case ${c} in
			''|.) continue ;;
			..) cur=${cur%/*}; continue ;;
		esac
		if [[ -L ${root}${cur}/${c} ]]; then
			(( ++n > 40 )) && return 1
			t=$(readlink "${root}${cur}/${c}") || return 1
			[[ ${t} == /* ]] && cur=""
			IFS=/ read -r -a tp <<<"${t#/}"
			todo=( "${tp[@]}" "${todo[@]}" )
		else
			cur+="/${c}"
		fi
	done
	[[ -e ${root}${cur} ]] || return 1
	echo "${root}${cur}"
}

# @FUNCTION: railyard-elf_needed
# @USAGE: <elf file>
# @DESCRIPTION:
# Print the DT_NEEDED entries of an ELF file, one per line.
railyard-elf_needed() {
	_railyard-elf_readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
	[[ ${PIPESTATUS[0]} == 0 ]] || die "readelf -d $1 failed"
}

# @FUNCTION: railyard-elf_interp
# @USAGE: <elf file>
# @DESCRIPTION:
# Print the PT_INTERP path of an ELF file (nothing for static binaries).
railyard-elf_interp() {
	_railyard-elf_readelf -l "$1" | sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p'
}

# @FUNCTION: railyard-elf_copy_with_libs
# @USAGE: <destination root> <absolute path in ESYSROOT>...
# @DESCRIPTION:
# Copy each program to the same path below <destination root>, plus its ELF
# interpreter (at its PT_INTERP path, moved under /usr for merged-/usr trees)
# and, recursively, every DT_NEEDED library into
# /usr/lib/<multiarch>/<soname>.  Dies if a library is not in ${ESYSROOT}.
railyard-elf_copy_with_libs() {
	local dest=${1%/}; shift
	local ma=$(railyard-elf_multiarch)
	local -a todo=() dirs=( /usr/lib/${ma} /lib/${ma} /usr/lib /usr/lib64 /lib /lib64 )
	local -A seen=()
	local p host f interp lib d found target
	for p in "$@"; do
		host=$(railyard-elf_resolve "${ESYSROOT}" "${p}") || die "${p} is not in ${ESYSROOT}"
		mkdir -p "${dest}${p%/*}" || die
		cp -L "${host}" "${dest}${p}" || die
		todo+=( "${host}" )
	done
	while (( ${#todo[@]} )); do
		f=${todo[0]}
		todo=( "${todo[@]:1}" )
		[[ -n ${seen[${f}]} ]] && continue
		seen[${f}]=1
		interp=$(railyard-elf_interp "${f}")
		if [[ -n ${interp} ]]; then
			host=$(railyard-elf_resolve "${ESYSROOT}" "${interp}") \
				|| die "${f#${ESYSROOT}}: interpreter ${interp} not in ${ESYSROOT}"
			target=${interp}
			[[ ${target} == /usr/* ]] || target=/usr${target}
			if [[ ! -e ${dest}${target} ]]; then
				mkdir -p "${dest}${target%/*}" || die
				cp -L "${host}" "${dest}${target}" || die
			fi
		fi
		for lib in $(railyard-elf_needed "${f}"); do
			found=
			for d in "${dirs[@]}"; do
				host=$(railyard-elf_resolve "${ESYSROOT}" "${d}/${lib}") || continue
				found=${host}
				break
			done
			[[ -n ${found} ]] || die "${f#${ESYSROOT}} needs ${lib}, which is not in ${ESYSROOT} (${dirs[*]})"
			target=/usr/lib/${ma}/${lib}
			if [[ ! -e ${dest}${target} ]]; then
				mkdir -p "${dest}${target%/*}" || die
				cp -L "${found}" "${dest}${target}" || die
			fi
			todo+=( "${found}" )
		done
	done
}

fi
