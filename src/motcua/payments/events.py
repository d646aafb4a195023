"""The announcement of every fee collected (`payment_recorded`), sent by
`payments.services.record_payment` inside its transaction, after the audit event.
Receiver keyword arguments: `payment` (the Payment, now paid)."""

from __future__ import annotations

from django.dispatch import Signal

payment_recorded = Signal()
