"""Value types: one module per type (date, count, country, department, organisation, city)."""
