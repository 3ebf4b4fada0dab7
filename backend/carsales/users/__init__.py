"""Users of a dealership: listing, invitations, roles, profiles and preferences."""
