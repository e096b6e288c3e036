"""Unit constants with their sources (one home for each)."""

GJ_PER_MWH = 3.6  # electricity at its calorific equivalent (GB/T 2589-2020: 0.1229 kgce/kWh)
GJ_PER_TCE = 29.3076  # 1 tce = 29.3076 GJ (7000 kcal/kgce), GB/T 2589-2020
