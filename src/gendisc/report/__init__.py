"""Report layer: the HTML kit, the report's sections (figures, tables and text) and the build.
The top layer: it may import every other layer; nothing imports it."""
