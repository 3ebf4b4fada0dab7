"""The audit trail of security-relevant actions."""
