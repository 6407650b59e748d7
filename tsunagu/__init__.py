"""tsunagu — a self-hostable, friends-first social network in the spirit of mixi."""
