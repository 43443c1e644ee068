#!/bin/sh
# Railyard early boot, run by init from /usr (the verified, read-only /usr).
export PATH=/usr/sbin:/usr/bin
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mountpoint -q /run || mount -t tmpfs -o mode=0755 tmpfs /run
mountpoint -q /tmp || mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null
[ -f /etc/hostname ] && hostname -F /etc/hostname

. /usr/lib/os-release
echo "railyard: $PRETTY_NAME (${VERSION_ID}) on $(uname -m), kernel $(uname -r)"
echo "railyard: init is $(readlink /proc/1/exe) (pid 1)"
echo "railyard: /usr mount: $(grep ' /usr ' /proc/mounts)"
echo "railyard: dm-verity usr: $(dmsetup status usr 2>&1)"
echo "railyard: / mount: $(grep ' / ' /proc/mounts | grep -v rootfs)"
if grep -q '^/dev/mapper/usr /usr .* ro[, ]' /proc/mounts && [ "$(dmsetup status usr | cut -d' ' -f4)" = V ]; then
    echo "RAILYARD-BOOT-OK"
elif ! grep -q 'verity\.usr=' /proc/cmdline && grep -q '^/dev/loop[0-9]* /usr squashfs ro[, ]' /proc/mounts; then
    # PXE (image_to_vm --format=pxe): no disk, /usr is the initramfs squashfs on a loop device
    echo "railyard: PXE boot: /usr is the read-only squashfs from the initramfs (no dm-verity)"
    echo "RAILYARD-BOOT-OK"
else
    echo "RAILYARD-BOOT-FAIL: /usr is not a verified read-only dm-verity mount"
fi
