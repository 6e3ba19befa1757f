"""Building blocks of the synthetic data-set generator (see ``klynge.population.generate``).

Everything is vectorised with numpy: days are ``int32`` days since 1970-01-01 and
timestamps ``int64`` microseconds since 1970-01-01 (naive local time) until the
tables are assembled in :mod:`klynge.population.synthetic.tables`.
"""
