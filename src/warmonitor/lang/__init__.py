"""Language data, one package per language (spaCy lang/ style)."""
