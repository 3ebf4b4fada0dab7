"""Authentication: login, sessions (refresh tokens), two-factor, password reset, invitations."""
