"""The inventory: vehicles, VIN decoding, CSV import, and the photos that attach to a vehicle."""
