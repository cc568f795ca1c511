"""The sources box: where raw documents come from (files and folders, RSS/Atom feeds, a broker).

Sources only find and fetch bytes (`RawDocument`); they never parse article structure.
"""
