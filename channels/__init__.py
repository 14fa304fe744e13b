"""Approval notification channels: how an approver hears of a request besides the API inbox.

Each channel (:mod:`channels.email`, :mod:`channels.chat` for Slack and Teams) is an async
callable ``Notice -> (channel, status, detail)`` (:mod:`channels.notice`) that the approval
activities call for every notice; a channel only renders and delivers, it never decides.
"""
