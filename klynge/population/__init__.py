"""Population health engine: person-level register data in, indicators out.

Framework-free on purpose (no Django imports): the input contract, validation,
a synthetic generator and the indicator engines run on their own, from the
command line or from the platform.
"""
