"""What the volunteering pages show, each in a bounded number of queries."""
