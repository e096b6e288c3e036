"""Zone geography: distances and roof potentials (`distance`), geodata import (`io`), where the plan's
measures sit (`sites`) and folium map building (`build_map`).

Importing the package stays light (no geopandas/folium): the optimiser only needs the distance functions.
"""

from core.geo.distance import (
    DEFAULT_KWP_PER_M2,
    haversine_km,
    is_link,
    link_capex,
    link_length_km,
    roof_potential_kwp,
    roof_potentials_kwp,
    utm_epsg,
)
from core.geo.errors import GeoError

__all__ = [
    "DEFAULT_KWP_PER_M2",
    "GeoError",
    "haversine_km",
    "is_link",
    "link_capex",
    "link_length_km",
    "roof_potential_kwp",
    "roof_potentials_kwp",
    "utm_epsg",
]
