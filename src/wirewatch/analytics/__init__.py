"""The analytics box: windows, trends, dyads, co-mention graph, alerts."""
