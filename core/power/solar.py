"""A clear-sky PV shape for a site: 8,760 hourly values from solar geometry, to be scaled to the sourced annual
yield (core.site.pv_yield_for). Not weather: clouds only enter through that scaling.

Stated approximations (textbook formulas, Duffie & Beckman, Solar Engineering of Thermal Processes, ch. 1-2):
- Cooper's declination `23.45 sin(2 pi (284 + n) / 365)`, hour angle from local clock time taken as solar time
  (hour-beginning h -> its midpoint h + 0.5; the zone's clock and the sun differ by under an hour in the plan's
  countries, and the load shapes are in clock time too);
- Haurwitz clear-sky global horizontal irradiance `1098 cos(z) exp(-0.057 / cos(z))` W/m2;
- a fixed plane facing the equator tilted at the latitude (the basis of the optimum-tilt PVOUT rows of
  data/pv_yield.csv): beam 80 % of the clear-sky global, converted with cos(incidence)/cos(zenith); diffuse 20 %
  seen through the isotropic sky view factor (1 + cos tilt) / 2; no temperature or inverter losses (a shape only).
"""

from __future__ import annotations

import numpy as np

HOURS = 8760
BEAM_SHARE = 0.8


def clear_sky_shape(lat: float, tilt_deg: float | None = None) -> np.ndarray:
    """Plane-of-array clear-sky irradiance by hour of a 365-day year (W/m2, hour-beginning 0 .. 8759)."""
    phi = np.radians(lat)
    beta = np.radians(abs(lat) if tilt_deg is None else tilt_deg)
    day = np.repeat(np.arange(1, 366), 24)
    hour = np.tile(np.arange(24), 365) + 0.5
    delta = np.radians(23.45) * np.sin(2 * np.pi * (284 + day) / 365)
    omega = np.radians(15.0 * (hour - 12.0))
    cos_z = np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.cos(omega)
    up = cos_z > 0.01
    ghi = np.where(up, 1098.0 * np.clip(cos_z, 0.01, None) * np.exp(-0.057 / np.clip(cos_z, 0.01, None)), 0.0)
    tilted = phi - np.sign(lat or 1.0) * beta  # equator-facing plane: the latitude it would lie flat at
    cos_i = np.sin(tilted) * np.sin(delta) + np.cos(tilted) * np.cos(delta) * np.cos(omega)
    beam = BEAM_SHARE * ghi * np.clip(cos_i, 0.0, None) / np.clip(cos_z, 0.01, None)
    diffuse = (1 - BEAM_SHARE) * ghi * (1 + np.cos(beta)) / 2
    return np.where(up, beam + diffuse, 0.0)
