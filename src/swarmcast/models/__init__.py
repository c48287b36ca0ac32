"""Seeded, vectorised simulations used by the lessons, one module per model.

Every model is simulated: its output is labelled simulated and reproduces a published or
analytic result (see README.md in this folder).
"""
