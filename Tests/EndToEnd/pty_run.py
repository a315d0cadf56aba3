#!/usr/bin/env python3
"""Runs a program in a pseudo-terminal, answering it as a user at a terminal would, and prints
a JSON report: what the screen showed, whether each awaited text appeared, the exit status.

usage: pty_run.py SPEC_JSON
SPEC: {"argv": [...], "env": {NAME: VALUE}, "cwd": DIR,
       "steps": [["expect", TEXT, SECONDS] | ["send", TEXT]]}
An "expect" waits until TEXT has appeared on the screen since the previous "expect" matched.
"""
import json, os, pty, select, sys, time

def main():
    spec = json.loads(sys.argv[1])
    env = dict(os.environ, TERM="xterm")
    env.update(spec.get("env", {}))
    for name in spec.get("unset", []):
        env.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:
        if spec.get("cwd"):
            os.chdir(spec["cwd"])
        os.execve(spec["argv"][0], spec["argv"], env)
    screen = ""
    mark = 0
    matched = []

    def pump(deadline):
        nonlocal screen
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                return True
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            screen += chunk.decode("utf-8", "replace")
        return True

    for step in spec.get("steps", []):
        if step[0] == "send":
            os.write(fd, step[1].encode())
            continue
        needle, timeout = step[1], step[2]
        deadline = time.time() + timeout
        found = False
        while time.time() < deadline:
            position = screen.find(needle, mark)
            if position >= 0:
                mark = position + len(needle)
                found = True
                break
            if not pump(min(deadline, time.time() + 0.2)):
                position = screen.find(needle, mark)
                found = position >= 0
                if found:
                    mark = position + len(needle)
                break
        matched.append(found)
    # Read what is left, then the exit status.
    deadline = time.time() + spec.get("finish", 30)
    status = None
    while time.time() < deadline:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
            pump(time.time() + 0.2)
            break
        pump(time.time() + 0.1)
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    print(json.dumps({"screen": screen, "matched": matched, "status": status}))

main()
