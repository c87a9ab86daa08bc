#!/bin/busybox sh
# PID 1 of the ublk test guest.
# - loads the modules listed in /lib/modules/load-order (9p, overlay, ublk_drv, loop, ...);
# - mounts the host's / read-only over 9p and lays a tmpfs-backed overlay on it: the guest sees the
#   host tree at the same paths, writable, and every write is thrown away (the host never changes);
# - mounts the one read-write share (tag "work") at its host path: results come back through it;
# - chroots into the overlay, runs $WORK/guest-run.sh, writes its exit code to $WORK/rc, powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
say() { echo "[guest] $(cut -d' ' -f1 /proc/uptime)s $*"; }
for m in $(cat /lib/modules/load-order); do insmod /lib/modules/$m.ko || say "insmod $m failed"; done
WORK=
for a in $(cat /proc/cmdline); do case "$a" in ublklab.work=*) WORK=${a#ublklab.work=};; esac; done
O="trans=virtio,version=9p2000.L,msize=512000"
mkdir -p /lower /rw /host
mount -t 9p -o $O,ro,cache=loose hostroot /lower || say "mount hostroot failed"
mount -t tmpfs -o size=75% tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /host || say "mount overlay failed"
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs tmpfs /host/dev/shm
mount -t tmpfs tmpfs /host/run
# No tmpfs over /tmp: the overlay already makes it writable (and throw-away), and a checkout under
# /tmp (as CI may use) must stay visible to the guest.
mkdir -p "/host$WORK"
mount -t 9p -o $O,rw work "/host$WORK" || say "mount work failed"
say "ready: $(uname -r), ublk-control $( [ -c /dev/ublk-control ] && echo present || echo MISSING)"
if [ -f "/host$WORK/guest-run.sh" ]; then
  chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    /bin/sh "$WORK/guest-run.sh"
  rc=$?
  say "command exit code $rc"
  echo $rc > "/host$WORK/rc"
fi
sync
umount "/host$WORK"
poweroff -f
