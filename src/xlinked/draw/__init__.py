"""Pedigree drawing: layout (pure geometry) and rendering (matplotlib)."""

__all__: list[str] = []
