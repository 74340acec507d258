"""Pages of the juries: sessions for the national coordinators, scoring and deliberation for the jurors."""
