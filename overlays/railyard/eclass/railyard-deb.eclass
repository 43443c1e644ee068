# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

# @ECLASS: railyard-deb.eclass
# @MAINTAINER:
# Railyard authors
# @SUPPORTED_EAPIS: 8
# @BLURB: import prebuilt Debian binary packages (.deb) as Railyard -bin packages
# @DESCRIPTION:
# Unpacks every *.deb listed in ${A} without dpkg: the ar(1) archive is
# opened, its data.tar.{xz,zst,gz,bz2} (or uncompressed data.tar) is
# extracted into ${S}, and src_install copies ${S} into ${D} keeping the
# layout.  Debian packages that still ship files in /bin, /sbin or /lib*
# (non-merged-/usr) are normalised into /usr/bin, /usr/sbin and /usr/lib*.
# Debian documentation directories are dropped unless RAILYARD_DEB_KEEP_DOCS
# is set.  Prebuilt binaries are not stripped (RESTRICT=strip, QA_PREBUILT="*").
#
# The ebuild sets SRC_URI to mirror://debian/pool/... (or
# mirror://debian-security/pool/updates/...); the mirror names are resolved by
# Portage through ${PORTAGE_CONFIGROOT}/etc/portage/mirrors, which Railyard
# generates from the host's apt configuration.  Manifest pins size and hashes.

case ${EAPI} in
	8) ;;
	*) die "${ECLASS}: EAPI ${EAPI:-0} not supported" ;;
esac

if [[ -z ${_RAILYARD_DEB_ECLASS} ]]; then
_RAILYARD_DEB_ECLASS=1

inherit railyard-debutils

# @ECLASS_VARIABLE: RAILYARD_DEB_KEEP_DOCS
# @DEFAULT_UNSET
# @DESCRIPTION:
# If non-empty, keep usr/share/{doc,man,info,lintian,bug} from the .deb.

# @ECLASS_VARIABLE: RAILYARD_DEB_DROP
# @DEFAULT_UNSET
# @DESCRIPTION:
# Extra paths (relative to the unpacked root, globs allowed) removed in
# src_prepare, e.g. "etc/kernel boot".

# @ECLASS_VARIABLE: RAILYARD_DEBS
# @DEFAULT_UNSET
# @DESCRIPTION:
# Array of the .debs a package imports, one "<archive> <pool dir> <package>
# <version> [all]" per element, e.g.
#   "debian s/systemd systemd 252.39-1~deb12u2"
#   "debian-security o/openssl libssl3 3.0.22-1~deb12u2"
#   "debian a/audit libaudit-common 3.0.9-1 all"
# <archive> is a mirror name (debian -> pool/main, debian-security ->
# pool/updates/main), the version is Debian's without the epoch.  Ebuilds set
# SRC_URI="$(railyard-deb_src_uri)" after defining it.

# @FUNCTION: railyard-deb_src_uri
# @DESCRIPTION:
# Print SRC_URI for RAILYARD_DEBS: one "amd64? ( ... ) arm64? ( ... )" pair
# per architecture-specific .deb, a plain entry for "all" packages.  '~' and
# '+' are percent-encoded in the URL; the DISTDIR name replaces them with '_'.
railyard-deb_src_uri() {
	local e archive dir pkg ver arch pool url local_name a
	for e in "${RAILYARD_DEBS[@]}"; do
		read -r archive dir pkg ver arch <<<"${e}"
		case ${archive} in
			debian) pool="mirror://debian/pool/main" ;;
			debian-security) pool="mirror://debian-security/pool/updates/main" ;;
			*) die "RAILYARD_DEBS: unknown archive ${archive}" ;;
		esac
		url="${pool}/${dir}/${pkg}_${ver//\~/%7e}"
		url=${url//+/%2b}
		local_name="${pkg}_${ver//[~+]/_}"
		if [[ ${arch} == all ]]; then
			echo "${url}_all.deb -> ${local_name}_all.deb"
		else
			for a in amd64 arm64; do
				echo "${a}? ( ${url}_${a}.deb -> ${local_name}_${a}.deb )"
			done
		fi
	done
}

# Prebuilt: no stripping (would break signed kernel modules); QA_PREBUILT
# silences the textrel/execstack/flags checks meant for source builds.
RESTRICT+=" strip"
QA_PREBUILT="*"

S="${WORKDIR}/deb-root"

# @FUNCTION: railyard-deb_src_unpack
# @DESCRIPTION:
# Unpack all .deb files of ${A} into ${S}; other distfiles go through the
# default unpack into ${WORKDIR}.
railyard-deb_src_unpack() {
	local f
	mkdir -p "${S}" || die
	for f in ${A}; do
		case ${f} in
			*.deb)
				einfo "Unpacking ${f} (data.tar) into ${S}"
				railyard-deb_unpack_one "${DISTDIR}/${f}" "${S}"
				;;
			*) unpack "${f}" ;;
		esac
	done
}

# @FUNCTION: railyard-deb_usrmerge
# @USAGE: [root]
# @DESCRIPTION:
# Move /bin, /sbin, /lib, /lib32, /lib64, /libx32 of the given tree (default
# ${S}) into /usr.  Dies if a file exists at both places.
railyard-deb_usrmerge() {
	local root=${1:-${S}} d src dst
	for d in bin sbin lib lib32 lib64 libx32; do
		src="${root}/${d}"
		dst="${root}/usr/${d}"
		[[ -L ${src} ]] && { rm "${src}" || die; continue; }
		[[ -d ${src} ]] || continue
		einfo "merged-/usr: moving /${d} to /usr/${d}"
		mkdir -p "${dst}" || die
		# Refuse to overwrite: same path in / and /usr is a packaging conflict.
		local clash
		clash=$(cd "${src}" && find . ! -type d -print | while read -r p; do
			[[ -e ${dst}/${p} || -L ${dst}/${p} ]] && echo "${p}"; done)
		[[ -z ${clash} ]] || die "merged-/usr conflict in /${d}: ${clash}"
		cp -a "${src}/." "${dst}/" || die
		rm -rf "${src}" || die
	done
}

# @FUNCTION: railyard-deb_src_prepare
# @DESCRIPTION:
# Normalise to merged /usr, drop docs and RAILYARD_DEB_DROP paths, then
# apply PATCHES/eapply_user (harmless for binaries).
railyard-deb_src_prepare() {
	railyard-deb_usrmerge "${S}"
	if [[ -z ${RAILYARD_DEB_KEEP_DOCS} ]]; then
		rm -rf "${S}"/usr/share/{doc,man,info,lintian,bug} || die
	fi
	local p
	for p in ${RAILYARD_DEB_DROP}; do
		rm -rf "${S}"/${p} || die
	done
	# Remove directories left empty (Portage would drop them anyway).
	find "${S}" -mindepth 1 -depth -type d -empty -delete || die
	default
}

# @FUNCTION: railyard-deb_src_install
# @DESCRIPTION:
# Copy the unpacked tree into ${D}, preserving modes, symlinks and layout.
railyard-deb_src_install() {
	[[ -n $(ls -A "${S}") ]] || die "nothing to install from ${A}"
	cp -a "${S}/." "${D}/" || die
	# Ownership inside the image is always root:root.
	chown -R 0:0 "${D}" 2>/dev/null || true
}

fi

EXPORT_FUNCTIONS src_unpack src_prepare src_install
