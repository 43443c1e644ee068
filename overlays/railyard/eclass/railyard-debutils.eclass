# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

# @ECLASS: railyard-debutils.eclass
# @MAINTAINER:
# Railyard authors
# @SUPPORTED_EAPIS: 8
# @BLURB: helpers to read Debian .deb archives without dpkg (no phases)
# @DESCRIPTION:
# railyard-deb_unpack_one extracts the data.tar.* member of a .deb with
# ar(1) + tar(1).  Used by railyard-deb.eclass (prebuilt -bin packages) and
# railyard-cargo.eclass (crate sources from Debian's librust-*-dev packages).

case ${EAPI} in
	8) ;;
	*) die "${ECLASS}: EAPI ${EAPI:-0} not supported" ;;
esac

if [[ -z ${_RAILYARD_DEBUTILS_ECLASS} ]]; then
_RAILYARD_DEBUTILS_ECLASS=1

# @FUNCTION: railyard-deb_unpack_one
# @USAGE: <path to .deb> <destination directory>
# @DESCRIPTION:
# Extract the data member of one .deb into the destination directory.
railyard-deb_unpack_one() {
	local deb=${1} dest=${2}
	[[ -f ${deb} ]] || die "no such .deb: ${deb}"
	local tmp="${T}/deb.$$.${RANDOM}"
	mkdir -p "${tmp}" "${dest}" || die

	local members member
	members=$(ar t "${deb}") || die "ar t failed: ${deb}"
	[[ $(head -n1 <<<"${members}") == debian-binary ]] || die "not a Debian package: ${deb}"
	member=$(grep -E '^data\.tar(\.(xz|zst|gz|bz2|lzma))?$' <<<"${members}") \
		|| die "no data.tar.* member in ${deb}"

	( cd "${tmp}" && ar x "${deb}" "${member}" ) || die "ar x failed: ${deb}"

	local decomp
	case ${member} in
		*.xz|*.lzma) decomp=(xz -dc) ;;
		*.zst) decomp=(zstd -dcq) ;;
		*.gz) decomp=(gzip -dc) ;;
		*.bz2) decomp=(bzip2 -dc) ;;
		*) decomp=(cat) ;;
	esac
	# --no-same-owner: we may run unprivileged; ownership is set by Portage
	# (root:root in ${D}) and by fowners in the ebuild where needed.
	"${decomp[@]}" "${tmp}/${member}" \
		| tar -x --no-same-owner --delay-directory-restore -f - -C "${dest}" \
		|| die "extracting ${member} of ${deb} failed"
	rm -rf "${tmp}" || die
}

fi
