# Copyright 2026 Railyard authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

DESCRIPTION="Railyard filesystem layout (merged /usr) and the base /etc"
HOMEPAGE=""
SRC_URI=""
S="${WORKDIR}"

LICENSE="GPL-2"
SLOT="0"
KEYWORDS="amd64 arm64"
RESTRICT="mirror"

# /usr/lib/os-release is written by build_image (it carries the image
# version); this package only links /etc/os-release to it.
#
# Users and groups: the static set below is what Debian's sysusers.d
# (basic.conf, systemd.conf, systemd-network.conf of sys-apps/systemd-bin,
# systemd-resolve.conf of sys-apps/systemd-resolved-bin, systemd-timesync.conf of
# sys-apps/systemd-timesyncd-bin)
# and udev's rules (input, kvm, render, sgx) ask for, plus sshd (OpenSSH's
# privilege separation user, net-misc/openssh-bin), with fixed ids, so that
# systemd-sysusers finds nothing to add at boot.
#
# core (uid/gid 500, Flatcar's default user): the account for people.  Its
# password is locked like every other account's: it logs in with the ssh keys
# provisioning gives it, or on the console when the kernel command line has
# railyard.autologin (development images, see railyard-base/railyard-boot).
# Its home is made on ROOT by systemd-tmpfiles (railyard-boot), owned by core.
#
# /etc/machine-id is shipped empty: systemd then generates the ID on the first
# boot and writes it to the (writable) ROOT, without its "first boot" mode
# (which runs `systemctl preset-all` -- Debian's presets would enable
# networkd, getty@ and more -- and costs seconds under emulation).

# name:uid:gid:home:shell
_USERS=(
	root:0:0:/root:/bin/sh
	daemon:1:1:/usr/sbin:/bin/false
	bin:2:2:/bin:/bin/false
	sys:3:3:/dev:/bin/false
	sync:4:65534:/bin:/bin/sync
	games:5:60:/usr/games:/bin/false
	man:6:12:/var/cache/man:/bin/false
	lp:7:7:/var/spool/lpd:/bin/false
	mail:8:8:/var/mail:/bin/false
	news:9:9:/var/spool/news:/bin/false
	uucp:10:10:/var/spool/uucp:/bin/false
	proxy:13:13:/bin:/bin/false
	www-data:33:33:/var/www:/bin/false
	backup:34:34:/var/backups:/bin/false
	list:38:38:/var/list:/bin/false
	irc:39:39:/run/ircd:/bin/false
	_apt:42:65534:/nonexistent:/bin/false
	systemd-network:998:998:/:/bin/false
	systemd-resolve:997:997:/:/bin/false
	sshd:996:65534:/run/sshd:/bin/false
	systemd-timesync:995:995:/:/bin/false
	core:500:500:/home/core:/bin/sh
	nobody:65534:65534:/nonexistent:/bin/false
)
# name:gid
_GROUPS=(
	root:0 daemon:1 bin:2 sys:3 adm:4 tty:5 disk:6 lp:7 mail:8 news:9
	uucp:10 man:12 proxy:13 kmem:15 dialout:20 fax:21 voice:22 cdrom:24
	floppy:25 tape:26 sudo:27 audio:29 dip:30 www-data:33 backup:34
	operator:37 list:38 irc:39 src:40 shadow:42 utmp:43 video:44 sasl:45
	plugdev:46 staff:50 games:60 users:100 input:101 kvm:102 render:103
	sgx:104 core:500 systemd-timesync:995 systemd-resolve:997 systemd-network:998 systemd-journal:999 nogroup:65534
)
# Supplementary members (group:user,...): core reads the journal and /var/log.
_MEMBERS=( adm:core systemd-journal:core )

src_install() {
	local d
	# Merged /usr: top-level compatibility symlinks.
	for d in bin sbin lib; do
		keepdir /usr/${d}
		dosym usr/${d} /${d}
	done
	if [[ ${ARCH} == amd64 ]]; then
		keepdir /usr/lib64
		dosym usr/lib64 /lib64
	fi

	# Top-level directories (Flatcar-like: /usr read-only, rest writable).
	for d in boot dev etc home media mnt opt proc root run srv sys tmp \
		usr/share usr/libexec usr/local var/lib var/log var/cache var/tmp; do
		keepdir /${d}
	done
	fperms 0700 /root
	fperms 1777 /tmp /var/tmp
	dosym ../run /var/run
	dosym ../run/lock /var/lock

	dosym ../usr/lib/os-release /etc/os-release

	local u name uid gid home shell g
	{
		for u in "${_USERS[@]}"; do
			IFS=: read -r name uid gid home shell <<<"${u}"
			echo "${name}:x:${uid}:${gid}:${name}:${home}:${shell}"
		done
	} > "${T}/passwd" || die
	{
		for u in "${_USERS[@]}"; do
			IFS=: read -r name uid gid home shell <<<"${u}"
			# Every password locked: "*" for the accounts people use (root,
			# core), "!*" for system accounts.  No field is ever empty (an empty
			# field would let login in without a password).
			case ${name} in
				root|core) echo "${name}:*:::::::" ;;
				*) echo "${name}:!*:::::::" ;;
			esac
		done
	} > "${T}/shadow" || die
	{
		local m members
		for g in "${_GROUPS[@]}"; do
			members=
			for m in "${_MEMBERS[@]}"; do
				[[ ${m%%:*} == "${g%%:*}" ]] && members=${m#*:}
			done
			echo "${g%%:*}:x:${g#*:}:${members}"
		done
	} > "${T}/group" || die
	{
		for g in "${_GROUPS[@]}"; do
			echo "${g%%:*}:!*::"
		done
	} > "${T}/gshadow" || die

	insinto /etc
	doins "${T}"/{passwd,group}
	newins - machine-id < /dev/null
	# root:root 0640 (no fowners: builds run in a user namespace that maps
	# only uid/gid 0, see docs/portage-notes.md section 6).
	insopts -m 0640
	doins "${T}"/{shadow,gshadow}
	insopts -m 0644
	newins - nsswitch.conf <<-EOT
	passwd:    files
	group:     files
	shadow:    files
	gshadow:   files
	hosts:     files dns
	networks:  files
	protocols: files
	services:  files
	ethers:    files
	rpc:       files
	EOT
	newins - hosts <<-EOT
	127.0.0.1	localhost
	::1	localhost ip6-localhost ip6-loopback
	EOT
	newins - hostname <<<"${RAILYARD_OS_ID:-railyard}"
	newins - shells <<-EOT
	/bin/sh
	/usr/bin/sh
	EOT
	newins - profile <<-'EOT'
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin
	export PS1='\u@\h:\w\$ '
	EOT
}
