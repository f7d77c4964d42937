"""Progress in SQL: tables, the store behind the core's port, and migrations."""
