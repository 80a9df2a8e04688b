"""The results folder's lock: one driver per RESULTS/<experiment> at a time."""
import datetime
import errno
import fcntl
import json
import os
import shlex
import socket
import sys

from .common import PROG, die


class FolderLock:
    """An exclusive flock on RESULTS/<experiment>/.lock for the driver's lifetime. The kernel
    drops it when the process ends, however it ends, so a lock left by a dead driver never
    blocks; the file's text (who holds it) is only for messages."""

    def __init__(self, folder):
        self.folder = folder
        self.path = os.path.join(folder, ".lock")
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            holder = self._read()
            os.close(self.fd)
            who = "another driver"
            if holder.get("pid"):
                who = f"another driver (pid {holder['pid']}"
                if holder.get("host"):
                    who += f" on {holder['host']}"
                if holder.get("command"):
                    who += f": {holder['command']}"
                if holder.get("started"):
                    who += f"; since {holder['started']}"
                who += ")"
            die(f"{folder} is in use by {who}: wait for it to finish, or use another --results folder", 3)
        previous = self._read()
        if previous.get("pid"):
            sys.stderr.write(f"{PROG}: note: {self.path} was left by a driver that is no longer running "
                             f"(pid {previous['pid']}, since {previous.get('started', '?')}); taking it over\n")
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "command": shlex.join([PROG] + sys.argv[1:]),
              "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, (json.dumps(me) + "\n").encode(), 0)

    def _read(self):
        try:
            text = os.pread(self.fd, 4096, 0).decode(errors="replace")
            return json.loads(text) if text.strip() else {}
        except ValueError:
            return {"pid": "?"}

    def release(self):
        # Cleared on a normal exit, so text left in the file means a driver that died.
        os.ftruncate(self.fd, 0)
        os.close(self.fd)
