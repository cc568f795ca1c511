"""The serve box: the HTTP API, the push endpoint, the live stream and the dashboard."""
