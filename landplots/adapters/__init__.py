"""Boundaries to systems outside the portal: the EDS (electronic digital signature) check and
the payment gateway. Each is chosen by a setting, so swapping an implementation is a
one-place change."""
