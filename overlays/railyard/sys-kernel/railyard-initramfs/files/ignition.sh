# Railyard initramfs: first-boot provisioning with Ignition (sourced by /init;
# uses its say, find_dev, wait_dev and timeout).  Installed as
# /usr/lib/railyard/ignition.sh.  Nothing here runs unless this is the first
# boot.  A failing Ignition stage stops the boot: its messages stay on the
# console, the machine powers off, nothing is switched to and the first-boot
# flag stays set.
#
#   first boot   EFI-SYSTEM:/railyard/first_boot exists (build_image writes it),
#                or railyard.first_boot=1 on the command line (=0 disables)
#   platform     ignition.platform.id= on the command line, else qemu when the
#                SMBIOS vendor is QEMU, else metal (no platform config)
#   config       OEM-CONFIG partition (raw JSON, NUL padded) -> user.ign (Ignition's
#                "system" config, read before the platform's); qemu: fw_cfg
#                opt/com.coreos/config; file: OEM:/config.ign, else
#                EFI-SYSTEM:/railyard/config.ign
#   network      only when the config has remote resources (http/https sources):
#                DHCP on the ethernet links for the fetch and files stages, all
#                undone before the switch to the real root

IGN_RUN=/run/railyard/ignition
IGN_ESP=/run/railyard/esp
IGN_FLAG="$IGN_ESP/railyard/first_boot"
IGN_OEM=/run/railyard/oem
ign_first_boot=0 ign_platform="" ign_force="" ign_esp_dev="" ign_selinux_shim="" ign_selinux_dir=""

ign_fail() {
    echo "railyard-initrd: FATAL: Ignition: $*"
    for f in "$IGN_RUN"/*.log; do
        [ -f "$f" ] && grep '^CRITICAL' "$f"
    done
    echo "railyard-initrd: the first boot stops here: the machine is not provisioned;"
    echo "railyard-initrd: the first-boot flag stays set (fix the config and boot again)"
    echo "RAILYARD-IGNITION-FAIL"
    [ -n "$ign_selinux_shim" ] && rm -f "$ign_selinux_shim"
    umount "$IGN_ESP" 2>/dev/null
    umount "$IGN_OEM" 2>/dev/null
    umount /sysroot/usr 2>/dev/null
    umount /sysroot 2>/dev/null
    sync
    sleep 2
    poweroff -f
    while :; do sleep 3600; done
}

# ign_detect disk|pxe: set ign_first_boot and ign_platform; leaves the ESP
# mounted read-only on $IGN_ESP on a first boot.  Called once the disk is there
# (its /usr partition was found); a PXE boot has no flag and provisions only
# with railyard.first_boot=1.
ign_detect() {
    for arg in $(cat /proc/cmdline); do
        case "$arg" in
            ignition.platform.id=*) ign_platform="${arg#*=}" ;;
            railyard.first_boot=*) ign_force="${arg#*=}" ;;
        esac
    done
    [ "$ign_force" = 0 ] && return 0
    mkdir -p "$IGN_ESP" "$IGN_RUN"
    if [ "$1" = disk ] && ign_esp_dev="$(find_dev LABEL=EFI-SYSTEM)" && [ -n "$ign_esp_dev" ]; then
        mount -t vfat -o ro,nosuid,nodev,noexec "$ign_esp_dev" "$IGN_ESP" \
            || fail "mounting the EFI system partition $ign_esp_dev"
        [ -e "$IGN_FLAG" ] && ign_first_boot=1
    fi
    [ "$ign_force" = 1 ] && ign_first_boot=1
    [ "$ign_first_boot" = 1 ] || { umount "$IGN_ESP" 2>/dev/null; return 0; }
    if [ -z "$ign_platform" ]; then
        case "$(cat /sys/class/dmi/id/sys_vendor 2>/dev/null)" in
            QEMU) ign_platform=qemu ;;
            *) ign_platform=metal ;;
        esac
    fi
    say "first boot: provisioning with Ignition (platform $ign_platform)"
}

# ign_stage STAGE: run one Ignition stage against /sysroot, live on the console
# and logged to $IGN_RUN/STAGE.log; stop the boot when it fails.
ign_stage() {
    echo "railyard-initrd: Ignition stage $1"
    ( /usr/bin/ignition --platform="$ign_platform" --stage="$1" --root=/sysroot \
        --log-to-stdout 2>&1; echo $? > "$IGN_RUN/$1.rc" ) | tee "$IGN_RUN/$1.log"
    rc="$(cat "$IGN_RUN/$1.rc" 2>/dev/null)"
    [ "$rc" = 0 ] || ign_fail "stage $1 failed (exit ${rc:-?})"
}

# Before ROOT is mounted: find the config, validate and cache it, kernel
# arguments, disks.
ign_before_root() {
    export IGNITION_WRITE_AUTHORIZED_KEYS_FRAGMENT=false   # ~/.ssh/authorized_keys (Debian sshd's default file)
    # platform "file": config.ign on the OEM partition (Flatcar's /oem/config.ign; what an
    # image_to_vm format's [oem.files] writes), else EFI-SYSTEM:/railyard/config.ign
    export IGNITION_CONFIG_FILE="$IGN_ESP/railyard/config.ign"
    if [ "$ign_platform" = file ]; then
        oemdev="$(find_dev LABEL=OEM)"
        mkdir -p "$IGN_OEM"
        if [ -n "$oemdev" ] && mount -t ext4 -o ro,nosuid,nodev,noexec "$oemdev" "$IGN_OEM"; then
            if [ -f "$IGN_OEM/config.ign" ]; then
                export IGNITION_CONFIG_FILE="$IGN_OEM/config.ign"
            else
                umount "$IGN_OEM"
            fi
        fi
        say "Ignition config file: $IGNITION_CONFIG_FILE"
    fi
    oem="$(find_dev PARTLABEL=OEM-CONFIG)"
    if [ -n "$oem" ] && [ "$(head -c 1 "$oem")" = "{" ]; then
        mkdir -p /usr/lib/ignition
        tr -d '\000' < "$oem" > /usr/lib/ignition/user.ign || ign_fail "reading OEM-CONFIG ($oem)"
        say "Ignition config from OEM-CONFIG ($oem)"
    fi
    ign_stage fetch-offline
    umount "$IGN_OEM" 2>/dev/null
    if [ -e /run/ignition/neednet ]; then
        # remote resources (http/https URLs in the config): DHCP, then the online fetch;
        # the links stay up until the files stage has fetched what it needs
        ign_net_up || ign_fail "the config needs the network (remote resources), and no ethernet link got a DHCP lease"
        ign_stage fetch
    fi
    ign_stage kargs
    ign_stage disks
}

# ign_net_up: DHCP (busybox udhcpc) on every ethernet link; true when one got a
# lease.  The links are the kernel's names (no udev here); ign_net_down gives them
# back unconfigured and down, so udev may rename them and systemd-networkd take over.
ign_net_ifs=""
ign_net_up() {
    say "the Ignition config needs the network: DHCP on the ethernet links"
    i=0
    while [ "$i" -lt $((timeout * 10)) ]; do
        for n in /sys/class/net/*; do
            [ "$(cat "$n/type" 2>/dev/null)" = 1 ] && break 2
        done
        sleep 0.1
        i=$((i + 1))
    done
    for n in /sys/class/net/*; do
        l="${n##*/}"
        [ "$(cat "$n/type" 2>/dev/null)" = 1 ] || continue
        ip link set dev "$l" up || continue
        ign_net_ifs="$ign_net_ifs $l"
        udhcpc -i "$l" -f -q -n -t 10 -T 2 -s /usr/lib/railyard/udhcpc.script || say "$l: no DHCP lease"
    done
    ip -4 route show | grep -q '^default ' || ip -4 addr show | grep -q 'inet .* scope global'
}
ign_net_down() {
    for l in $ign_net_ifs; do
        ip -4 route flush dev "$l" 2>/dev/null
        ip -4 addr flush dev "$l" 2>/dev/null
        ip link set dev "$l" down 2>/dev/null
    done
    [ -n "$ign_net_ifs" ] && rm -f /etc/resolv.conf
    ign_net_ifs=""
}

# After ROOT and the verified /usr are mounted on /sysroot.
ign_after_root() {
    # Ignition writes ssh keys as the user (setfsuid): the home must exist and
    # be the user's.  core's home is otherwise made by systemd-tmpfiles later.
    if [ ! -d /sysroot/home/core ]; then
        mkdir -p /sysroot/home/core && chown 500:500 /sysroot/home/core && chmod 0700 /sysroot/home/core
    fi
    # Debian builds Ignition with SELinux relabeling on: without
    # /etc/selinux/config the files stage fails at its very end.  Railyard has
    # no policy: a temporary config and the setfiles no-op make it a no-op.
    # (/etc/selinux may exist without a config: libsemanage's semanage.conf lives there.)
    if [ ! -e /sysroot/etc/selinux/config ]; then
        [ -d /sysroot/etc/selinux ] || ign_selinux_dir=1
        mkdir -p /sysroot/etc/selinux
        printf 'SELINUX=disabled\nSELINUXTYPE=none\n' > /sysroot/etc/selinux/config
        ign_selinux_shim=/sysroot/etc/selinux/config
    fi
    ign_stage mount
    ign_stage files
    ign_stage umount
    ign_net_down
    if [ -n "$ign_selinux_shim" ]; then
        rm -f "$ign_selinux_shim"
        [ -n "$ign_selinux_dir" ] && rmdir /sysroot/etc/selinux
        ign_selinux_shim=""
    fi

    # Ignition only writes presets; Railyard's systemd does no first-boot
    # preset-all (empty /etc/machine-id), so apply exactly these, offline, with
    # the verified /usr's systemctl.
    p=/sysroot/etc/systemd/system-preset/20-ignition.preset
    if [ -f "$p" ]; then
        units="$(awk '($1 == "enable" || $1 == "disable") { if (NF == 2) print $2;
            else { n = index($2, "@"); for (i = 3; i <= NF; i++) print substr($2, 1, n) $i substr($2, n + 1) } }' "$p")"
        if [ -n "$units" ]; then
            # shellcheck disable=SC2086
            SYSTEMD_OFFLINE=1 chroot /sysroot /usr/bin/systemctl preset $units \
                || ign_fail "applying the unit presets ($units)"
        fi
    fi

    mkdir -p /sysroot/var/log/ignition && cp "$IGN_RUN"/*.log /sysroot/var/log/ignition/

    # Success: clear the flag (fail rather than risk provisioning twice).
    if [ -e "$IGN_FLAG" ]; then
        mount -o remount,rw "$IGN_ESP" && rm -f "$IGN_FLAG" && sync \
            || ign_fail "could not remove the first-boot flag from $ign_esp_dev"
    fi
    umount "$IGN_ESP" 2>/dev/null
    echo "RAILYARD-IGNITION-OK"
}
