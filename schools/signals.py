"""Domain events of the yearly reports, sent inside the transaction that made the change.

Receivers (``notifications``) write their outbox rows in the same transaction.
"""

from django.dispatch import Signal

# kwargs: report, log (the ReportLog row)
report_changed = Signal()
# kwargs: campaign
campaign_opened = Signal()
# kwargs: campaign, log (the CampaignLog row: a deadline moved or the campaign closed)
campaign_changed = Signal()
