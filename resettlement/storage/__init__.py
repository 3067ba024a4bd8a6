"""Storage: SQLModel tables, the engine, migrations. Case state lives here, never in a flow."""
