"""Swarmcast: a course toolkit."""
