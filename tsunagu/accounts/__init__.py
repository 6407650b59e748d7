"""Accounts: members, sign-up and the registration policy, invitations, log-in, API tokens."""
