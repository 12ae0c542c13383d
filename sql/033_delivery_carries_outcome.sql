-- The delivery carries the outcome of its reminders (issue 19, item 1).
--
-- Finishing a delivery used to close each of its reminders too (state `sent` or
-- `cancelled`): five or six row versions per e-mail, none of them HOT (`state` is in
-- reminders_pending_idx's predicate), each with its index entries. A reminder now stays
-- `queued` once it is in a delivery, and the delivery's state says whether it went out.
-- Reminders already `sent` keep that state. The view below is how to read a
-- reminder's outcome; it runs with the reader's rights, so row-level security applies.

COMMENT ON COLUMN attest.reminders.state IS
    'pending: not yet in a delivery; queued: in delivery_id, whose state is the outcome '
    '(see attest.reminder_states); cancelled: not sent (its obligation closed or moved, '
    'or its recipient is no longer responsible); sent: sent before migration 033.';

CREATE VIEW attest.reminder_states WITH (security_invoker = true) AS
SELECT r.tenant_id, r.id, r.obligation_id, r.due_on, r.stage, r.recipient, r.recipient_role, r.reason,
       r.send_at, r.delivery_id,
       CASE WHEN r.state = 'queued' AND d.state IN ('sent', 'cancelled') THEN d.state ELSE r.state END AS state
FROM attest.reminders AS r
LEFT JOIN attest.deliveries AS d ON d.tenant_id = r.tenant_id AND d.id = r.delivery_id;

GRANT SELECT ON attest.reminder_states TO attest_app, attest_operator, attest_console;
