"""Low-Carbon Zone Planner core library: no streamlit below here."""
