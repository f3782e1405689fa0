"""Daily rollups of the report figures: entries per ticket, fold, rebuild, reads."""
