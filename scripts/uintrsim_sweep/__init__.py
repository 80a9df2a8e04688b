"""The sweep driver behind scripts/uintrsim-sweep (its docstring is the user's manual).

Modules: common (messages, the simulator's answers, JSON files), lock (the results folder's
lock), points (a sweep's runs, their cache keys and running one of them), summary (the
summary files and the failure report), local and slurm (the two ways of running the missing
points), task (one Slurm array task), cli (options and the order of things).
"""
