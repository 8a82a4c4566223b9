import { msg } from '@lit/localize';
import type { DisputeReason, DisputeStatus } from './types';

/** A dispute's reason and status in plain words (DESIGN 11), for the shop and the console. */

export function disputeReasonLabel(reason: DisputeReason): string {
  switch (reason) {
    case 'wrong_number':
      return msg('It went to the wrong number', { id: 'dispute.reason.wrong_number' });
    case 'not_received':
      return msg('The customer did not receive it', { id: 'dispute.reason.not_received' });
    case 'charged_twice':
      return msg('The customer was charged twice', { id: 'dispute.reason.charged_twice' });
    case 'other':
      return msg('Something else', { id: 'dispute.reason.other' });
  }
}

/** A dispute's status, on the server or still on the shop's phone (queued, sending, refused). */
export function disputeStatusLabel(
  status: DisputeStatus | 'queued' | 'sending' | 'refused',
): string {
  switch (status) {
    case 'queued':
      return msg('Queued', { id: 'status.queued' });
    case 'sending':
      return msg('Sending', { id: 'status.sending' });
    case 'refused':
      return msg('Not accepted', { id: 'dispute.status.refused' });
    case 'open':
      return msg('Open', { id: 'dispute.status.open' });
    case 'investigating':
      return msg('Investigating', { id: 'dispute.status.investigating' });
    case 'refunded':
      return msg('Refunded', { id: 'dispute.status.refunded' });
    case 'rejected':
      return msg('Rejected', { id: 'dispute.status.rejected' });
    case 'withdrawn':
      return msg('Withdrawn', { id: 'dispute.status.withdrawn' });
  }
}
