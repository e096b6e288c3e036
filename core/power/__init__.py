"""The zone's power hour by hour: representative days of load and PV (slices), storage and gensets (techs)."""
