"""The store box: DuckDB schema, the durable inbox, the single writer and read queries."""
