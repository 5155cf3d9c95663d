"""build.py serve: the local server (server.py wires rebuilds.py, app.py, reload.py and watch.py; preview.py is
the quick path).
"""
