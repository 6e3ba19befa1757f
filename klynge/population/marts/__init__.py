"""Indicator marts: one module per indicator family.

Each family has ``cubes(inputs)``: Ibis expressions that count people or events per
municipality, sex, age and education (the *cube*, integer amounts only), and
``indicators(...)``: which cube measures make each indicator's numerator and
denominator. ``long_form`` turns executed cubes into the output rows for every
geography and breakdown; all divisions happen there, in Python, on exact integers, so
every engine gives the same values to the last digit.
"""
