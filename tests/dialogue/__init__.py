"""Table-driven tests of the pure dialogue: ``turn()`` on plain data, no database, no network."""
