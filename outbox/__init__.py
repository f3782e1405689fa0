"""The transactional outbox shared by notices and webhook deliveries.

A service writes a row (created_at, dispatch_count, sent_at, failed_at) in the
event's transaction and dispatches its delivery task after commit; the beat
re-dispatches rows left unsent on a doubling schedule and marks them failed after
the last try. Neither complaints nor integrations owns it: both call it.
"""
