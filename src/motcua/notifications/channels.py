"""Sending one message on one channel. Email goes through Django's email backend
(MOTCUA_EMAIL); SMS and Zalo go through an adapter chosen by MOTCUA_SMS_BACKEND:
`recording` (default: stores the message in RecordedMessage, sends nothing) is the only one
shipped; an operator's adapter implements `MessageSender.send` the same way."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from motcua.notifications.models import Channel, RecordedMessage


class SendError(RuntimeError):
    pass


class MessageSender(Protocol):
    def send(self, channel: str, address: str, subject: str, body: str) -> None: ...


class RecordingSender:
    """Development/test backend for SMS and Zalo: keeps the message, calls no operator."""

    def send(self, channel: str, address: str, subject: str, body: str) -> None:
        RecordedMessage.objects.create(channel=channel, address=address, body=body)


def send(channel: str, address: str, subject: str, body: str) -> None:
    if channel == Channel.EMAIL:
        if send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) != 1:
            raise SendError("Máy chủ thư không nhận thư.")
        return
    backend = settings.MOTCUA_SMS_BACKEND
    if backend != "recording":
        raise SendError(f"Chưa cấu hình bộ gửi tin nhắn “{backend}”.")
    RecordingSender().send(channel, address, subject, body)
