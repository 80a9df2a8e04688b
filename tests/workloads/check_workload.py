#!/usr/bin/python3
"""Runs uintrsim on a workload of the library, then checks its exit status, its output (the
guest's console included) and values in its --stats-out JSON (removed before the run).

usage: check_workload.py STATUS JSON CHECK [CHECK...] -- uintrsim args...
The check language is described in tests/lib/uintrsim_check.py, e.g.
  roi.trap_frequency<0.5  roi.stats.kernel.async.requests==40  "output!~error"
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import uintrsim_check  # noqa: E402

if __name__ == "__main__":
    sys.exit(uintrsim_check.main("check_workload", sys.argv[1:]))
