#!/usr/bin/env python3
"""Pseudo-terminal measurements of the tamer release binary.

    ptyperf.py start [--runs 20]            process start -> first frame
    ptyperf.py baseline [--runs 20]         the same with printf: the harness's own cost
    ptyperf.py keys  [--keys 200] [--key +] [--record FILE]
                                            key written -> bytes back
    ptyperf.py idle  [--secs 30]            CPU and bytes/s with the timer running
    ptyperf.py launcher [--records 1000] [--runs 20]
                                            `tamer` (the launcher) with that many records of
                                            about 15 KB (copies of sessions/example-checkout.ron)
                                            -> first frame
    ptyperf.py mem   --record FILE [--runs 5]
                                            peak RSS (/usr/bin/time -v) of `tamer resume FILE`
    ptyperf.py follow [--changes 20] [--secs 10]
                                            `tamer view REC`: the record replaced (written beside
                                            it and renamed over it, as tamer saves) -> the new
                                            title's bytes on the view's pty; then the view's idle
                                            CPU and bytes/s for --secs

The binary is $TAMER (default target/release/tamer, relative to the repository root).
Each run gets a fresh HOME / XDG_DATA_HOME / XDG_CONFIG_HOME under a temp dir.
The pty is 120x40 unless --cols/--rows say otherwise; TERM=xterm-256color.

"Frame complete" = the bytes after the alternate-screen switch (ESC[?1049h)
contain both the title ("Bench" by default) and the footer's "quit", which is on
the last row and so is among the last bytes of a full frame.
"""

import argparse
import fcntl
import glob
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time

TAMER = os.environ.get("TAMER", "target/release/tamer")
ALT = b"\x1b[?1049h"
CPR_QUERY = b"\x1b[6n"


def ns():
    return time.perf_counter_ns()


def env_for(home):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    return env


class Pty:
    def __init__(self, argv, env, cols, rows):
        self.t_spawn = ns()  # taken immediately before fork+exec
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.buf = bytearray()
        self.total = 0
        self.eof = False

    def read_some(self, timeout):
        """Reads what is there within `timeout` s; returns (bytes, t_ns) or (b'', None)."""
        if self.eof:
            return b"", None
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return b"", None
        t = ns()
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: child closed the pty
            data = b""
        if not data:
            self.eof = True
            return b"", None
        if CPR_QUERY in data:  # answer a cursor position query, should one come
            os.write(self.fd, b"\x1b[1;1R")
        self.buf += data
        self.total += len(data)
        return data, t

    def wait_for(self, pred, timeout=5.0):
        """Reads until pred(buf) holds; returns the time of the read that made it hold."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data, t = self.read_some(end - time.monotonic())
            if data and pred(self.buf):
                return t
            if self.eof:
                break
        raise TimeoutError(f"condition not met; got {bytes(self.buf[-400:])!r}")

    def drain(self, quiet=0.05, limit=5.0):
        """Reads until nothing arrives for `quiet` s; returns time of the last read or None."""
        last = None
        end = time.monotonic() + limit
        while time.monotonic() < end:
            data, t = self.read_some(quiet)
            if not data:
                break
            last = t
        return last

    def send(self, b):
        t = ns()
        os.write(self.fd, b)
        return t

    def quit(self, key=b"q", timeout=5.0):
        try:
            os.write(self.fd, key)
        except OSError:
            pass
        end = time.monotonic() + timeout
        while not self.eof and time.monotonic() < end:
            self.read_some(0.1)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status


def frame_done(title):
    t = title.encode()

    def pred(buf):
        i = buf.find(ALT)
        if i < 0:
            return False
        rest = buf[i:]
        return t in rest and b"quit" in rest

    return pred


def title_seen(title):
    t = title.encode()

    def pred(buf):
        i = buf.find(ALT)
        return i >= 0 and t in buf[i:]

    return pred


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def ms(x_ns):
    return x_ns / 1e6


def start_session(args, home, extra=None):
    argv = [TAMER, "new", "--title", args.title] if extra is None else [TAMER] + extra
    return Pty(argv, env_for(home), args.cols, args.rows)


def cmd_start(args):
    first_title, full = [], []
    for _ in range(args.runs):
        home = tempfile.mkdtemp(prefix="tamer-start-")
        p = start_session(args, home)
        t_title = p.wait_for(title_seen(args.title))
        t_full = p.wait_for(frame_done(args.title)) if not frame_done(args.title)(p.buf) else t_title
        first_title.append(t_title - p.t_spawn)
        full.append(t_full - p.t_spawn)
        p.drain(0.05)
        p.quit()
        shutil.rmtree(home, ignore_errors=True)
        time.sleep(0.05)
    print(f"start -> first frame, {args.runs} runs, {args.cols}x{args.rows}")
    print(f"  title on pty : median {ms(statistics.median(first_title)):.2f} ms  "
          f"min {ms(min(first_title)):.2f}  max {ms(max(first_title)):.2f}")
    print(f"  full frame   : median {ms(statistics.median(full)):.2f} ms  "
          f"min {ms(min(full)):.2f}  max {ms(max(full)):.2f}")


def cmd_launcher(args):
    home = tempfile.mkdtemp(prefix="tamer-launcher-")
    sessions = os.path.join(home, "data", "tamer", "sessions")
    os.makedirs(sessions, mode=0o700)
    with open("sessions/example-checkout.ron", "rb") as f:
        example = f.read()
    for i in range(args.records):
        with open(os.path.join(sessions, f"2026-01-01-{i:04d}-checkout.ron"), "wb") as f:
            f.write(example)
    times = []
    for _ in range(args.runs):
        p = Pty([TAMER], env_for(home), args.cols, args.rows)
        t = p.wait_for(frame_done("New session"))
        times.append(t - p.t_spawn)
        p.drain(0.05)
        p.quit()
        time.sleep(0.05)
    shutil.rmtree(home, ignore_errors=True)
    print(f"launcher start -> first frame with {args.records} records, {args.runs} runs")
    print(f"  full frame   : median {ms(statistics.median(times)):.2f} ms  "
          f"min {ms(min(times)):.2f}  max {ms(max(times)):.2f}")


def cmd_baseline(args):
    """The harness's own cost: printf writing the same markers, no Rust, no terminal setup."""
    xs = []
    for _ in range(args.runs):
        home = tempfile.mkdtemp(prefix="tamer-base-")
        p = Pty(["/usr/bin/printf", "\\033[?1049h%s quit" % args.title], env_for(home), args.cols, args.rows)
        xs.append(p.wait_for(frame_done(args.title)) - p.t_spawn)
        p.quit()
        shutil.rmtree(home, ignore_errors=True)
    print(f"harness baseline (printf), {args.runs} runs: median {ms(statistics.median(xs)):.2f} ms  "
          f"min {ms(min(xs)):.2f}  max {ms(max(xs)):.2f}")


def cmd_keys(args):
    home = tempfile.mkdtemp(prefix="tamer-keys-")
    if args.record:
        os.makedirs(os.path.join(home, "data", "tamer", "sessions"), exist_ok=True)
        rec = os.path.join(home, "data", "tamer", "sessions", os.path.basename(args.record))
        shutil.copy(args.record, rec)
        p = start_session(args, home, ["resume", rec])
        p.wait_for(lambda b: ALT in b and b"quit" in b[b.find(ALT):])
    else:
        p = start_session(args, home)
        p.wait_for(frame_done(args.title))
    p.drain(0.3)
    if not args.running:
        p.send(b" ")  # pause, so no timer redraw can be mistaken for the answer
        p.drain(0.3)
    key = args.key.encode()
    first, last, sizes = [], [], []
    for i in range(args.keys):
        before = p.total
        t0 = p.send(key)
        data, t1 = p.read_some(2.0)
        if not data:
            raise TimeoutError(f"no answer to key {i}")
        t2 = p.drain(args.quiet) or t1
        first.append(t1 - t0)
        last.append(t2 - t0)
        sizes.append(p.total - before)
        time.sleep(args.gap)
    p.quit()
    shutil.rmtree(home, ignore_errors=True)
    what = f"resume {os.path.basename(args.record)}" if args.record else f"new --title {args.title}"
    print(f"key {args.key!r} -> frame, {args.keys} keys, {args.cols}x{args.rows}, {what}, "
          f"timer {'running' if args.running else 'paused'}")
    for name, xs in (("first byte", first), ("last byte ", last)):
        print(f"  {name}: p50 {ms(pct(xs, 50)):.3f} ms  p90 {ms(pct(xs, 90)):.3f}  "
              f"p99 {ms(pct(xs, 99)):.3f}  max {ms(max(xs)):.3f}")
    print(f"  bytes per answer: median {statistics.median(sizes):.0f}, max {max(sizes)}")


def proc_cpu(pid):
    """(utime+stime in clock ticks, sum of per-thread schedstat ns, voluntary+involuntary switches)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    run_ns, switches = 0, 0
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(f"{task}/schedstat") as f:
                run_ns += int(f.read().split()[0])
            with open(f"{task}/status") as f:
                for line in f:
                    if "ctxt_switches" in line:
                        switches += int(line.split()[1])
        except FileNotFoundError:
            pass
    return ticks, run_ns, switches


def cmd_idle(args):
    home = tempfile.mkdtemp(prefix="tamer-idle-")
    p = start_session(args, home)
    p.wait_for(frame_done(args.title))
    p.drain(0.3)
    time.sleep(1.0)
    p.drain(0.01)
    hz = os.sysconf("SC_CLK_TCK")
    c0, r0, s0 = proc_cpu(p.pid)
    b0, w0 = p.total, time.monotonic()
    bursts = 0
    while time.monotonic() - w0 < args.secs:
        data, _ = p.read_some(w0 + args.secs - time.monotonic())
        if data:
            bursts += 1
    c1, r1, s1 = proc_cpu(p.pid)
    b1, w1 = p.total, time.monotonic()
    p.quit()
    shutil.rmtree(home, ignore_errors=True)
    wall = w1 - w0
    print(f"idle, timer running, {wall:.1f} s, {args.cols}x{args.rows}")
    print(f"  cpu (utime+stime): {(c1 - c0) / hz * 1000:.0f} ms = {(c1 - c0) / hz / wall * 100:.3f}% of a core")
    print(f"  cpu (schedstat)  : {(r1 - r0) / 1e6:.1f} ms = {(r1 - r0) / 1e9 / wall * 100:.3f}% of a core")
    print(f"  context switches : {s1 - s0} ({(s1 - s0) / wall:.1f}/s)")
    print(f"  bytes to pty     : {b1 - b0} = {(b1 - b0) / wall:.1f} B/s in {bursts} reads")


def cmd_mem(args):
    peaks = []
    for _ in range(args.runs):
        home = tempfile.mkdtemp(prefix="tamer-mem-")
        sessions = os.path.join(home, "data", "tamer", "sessions")
        os.makedirs(sessions)
        rec = os.path.join(sessions, os.path.basename(args.record))
        shutil.copy(args.record, rec)
        out = os.path.join(home, "time.txt")
        p = Pty(["/usr/bin/time", "-v", "-o", out, TAMER, "resume", rec], env_for(home), args.cols, args.rows)
        p.wait_for(lambda b: ALT in b and b"quit" in b[b.find(ALT):], timeout=20)
        p.drain(0.2)
        p.quit()
        with open(out) as f:
            text = f.read()
        kb = int(next(l for l in text.splitlines() if "Maximum resident set size" in l).split()[-1])
        peaks.append(kb)
        shutil.rmtree(home, ignore_errors=True)
    size = os.path.getsize(args.record)
    print(f"peak RSS, resume {os.path.basename(args.record)} ({size} bytes), {args.runs} runs: "
          f"median {statistics.median(peaks) / 1024:.2f} MB, max {max(peaks) / 1024:.2f} MB "
          f"(kB: {peaks})")


def cmd_follow(args):
    home = tempfile.mkdtemp(prefix="tamer-follow-")
    # The record: made by tamer itself, so it is of the current version.
    p = start_session(args, home)
    p.wait_for(frame_done(args.title))
    p.drain(0.2)
    p.quit()
    rec = glob.glob(os.path.join(home, "data", "tamer", "sessions", "*.ron"))[0]
    with open(rec, "rb") as f:
        template = f.read()
    quoted = b'"' + args.title.encode() + b'"'
    assert quoted in template, "the title is not in the record"
    view = Pty([TAMER, "view", rec], env_for(home), args.cols, args.rows)
    view.wait_for(lambda b: ALT in b)
    view.drain(0.5)
    start = len(view.buf)
    view.send(b"\x1bOQ")  # F2: the whole session screen, whose header shows the title
    view.wait_for(lambda b: args.title.encode() in b[start:])
    view.drain(0.3)
    times = []
    for i in range(args.changes):
        # Every cell of the title changes, so the diff ratatui sends holds it whole.
        marker = (chr(ord("A") + i % 26) * 8).encode()
        tmp = rec + ".bench.tmp"
        with open(tmp, "wb") as f:
            f.write(template.replace(quoted, b'"' + marker + b'"'))
        start = len(view.buf)
        t0 = ns()
        os.rename(tmp, rec)
        t1 = view.wait_for(lambda b: marker in b[start:])
        times.append(t1 - t0)
        view.drain(0.05)
        time.sleep(0.2)
    # Idle: the view with nothing changing (the step's timer runs).
    view.drain(0.3)
    hz = os.sysconf("SC_CLK_TCK")
    c0, r0, s0 = proc_cpu(view.pid)
    b0, w0 = view.total, time.monotonic()
    while time.monotonic() - w0 < args.secs:
        view.read_some(w0 + args.secs - time.monotonic())
    c1, r1, s1 = proc_cpu(view.pid)
    b1, w1 = view.total, time.monotonic()
    view.quit()
    shutil.rmtree(home, ignore_errors=True)
    wall = w1 - w0
    print(f"tamer view: record renamed -> new title on the pty, {args.changes} changes, "
          f"{args.cols}x{args.rows}")
    print(f"  p50 {ms(pct(times, 50)):.2f} ms  p90 {ms(pct(times, 90)):.2f}  "
          f"p99 {ms(pct(times, 99)):.2f}  max {ms(max(times)):.2f}")
    print(f"  idle {wall:.1f} s: cpu (schedstat) {(r1 - r0) / 1e9 / wall * 100:.3f}% of a core, "
          f"{(s1 - s0) / wall:.1f} switches/s, {(b1 - b0) / wall:.1f} B/s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["start", "baseline", "keys", "idle", "mem", "launcher", "follow"])
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--key", default="+")
    ap.add_argument("--running", action="store_true", help="keys: leave the timer running")
    ap.add_argument("--gap", type=float, default=0.02, help="keys: pause between keys, s")
    ap.add_argument("--quiet", type=float, default=0.03, help="keys: silence that ends an answer, s")
    ap.add_argument("--secs", type=float, default=30)
    ap.add_argument("--record")
    ap.add_argument("--title", default="Bench")
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    args = ap.parse_args()
    {"start": cmd_start, "baseline": cmd_baseline, "keys": cmd_keys, "idle": cmd_idle, "mem": cmd_mem,
     "launcher": cmd_launcher, "follow": cmd_follow}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
