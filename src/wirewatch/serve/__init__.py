"""The serve box: the HTTP API, the push endpoint and (later) the dashboard."""
