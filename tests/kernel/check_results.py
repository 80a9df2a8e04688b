#!/usr/bin/python3
"""Runs uintrsim, then checks its exit status, its output and values in its --stats-out JSON
(removed before the run, so an earlier run's file is never judged).

usage: check_results.py STATUS JSON CHECK [CHECK...] -- uintrsim args...
The check language is described in tests/lib/uintrsim_check.py, e.g.
  roi.trap_frequency==1  stats.kernel.async.stranded>=1  "output~kernel: lost wake-up"
  threads.1.core==1  threads#==2  !snapshots  rss_mib<200
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import uintrsim_check  # noqa: E402

if __name__ == "__main__":
    sys.exit(uintrsim_check.main("check_results", sys.argv[1:]))
