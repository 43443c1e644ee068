# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

# @ECLASS: railyard-nonempty.eclass
# @MAINTAINER:
# Railyard authors
# @SUPPORTED_EAPIS: 8
# @BLURB: die when a product of the package is missing or empty
# @DESCRIPTION:
# A package whose product must never be empty (a kernel image, an initramfs)
# calls railyard_require_nonempty at the end of src_install with the paths
# it installed (relative to ${ED}).  An empty or missing file fails the build
# in the install phase, so Railyard never stores such a package.  No phases
# are exported.

case ${EAPI} in
	8) ;;
	*) die "${ECLASS}: EAPI ${EAPI:-0} not supported" ;;
esac

if [[ -z ${_RAILYARD_NONEMPTY_ECLASS} ]]; then
_RAILYARD_NONEMPTY_ECLASS=1

# @FUNCTION: railyard_require_nonempty
# @USAGE: <path in ${ED}>...
# @DESCRIPTION:
# Dies unless every path is a regular file (links are followed inside ${ED}
# only when relative) of at least one byte.
railyard_require_nonempty() {
	local p f
	[[ $# -gt 0 ]] || die "${FUNCNAME}: no path given"
	for p in "$@"; do
		f="${ED%/}/${p#/}"
		[[ -f ${f} ]] || die "${FUNCNAME}: ${p} is missing from the image of ${CATEGORY}/${PF}"
		[[ -s ${f} ]] || die "${FUNCNAME}: ${p} is empty in the image of ${CATEGORY}/${PF}"
	done
}

fi
