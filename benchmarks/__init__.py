"""Scripts that measure Roundtable Bot and print their figures."""
