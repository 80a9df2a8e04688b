"""The calibration tool behind scripts/uintrsim-calibrate (its docstring is the manual).

Modules: reference (reading and checking a reference table), experiment (the experiment's
series and the parameters to fit), fit (one evaluation through the sweep driver, the loss,
the optimiser), report (the per-point table, the shape criteria, the fitted TOML).
"""
