"""The volunteering pages: thin views over ``access``, ``actions`` and the page builders.

``referrals``: referring, the coordinator's list, the referral page and its steps, matching,
the assignment of a waiting list and the volunteer's contact log. ``programmes``: the
programmes, their volunteers and certificates, and their statistics.
"""
