import type { StockRequest } from '../../../core/api/stock';
import type { StoredKeys } from './keys';

/**
 * Approving many stock requests at once (issue 11): one POST /stock-requests/:id/approve
 * per request, one after another, each with its own stored key, so each is its own
 * atomic write with its own answer and stays idempotent on its own. A refusal of one
 * (an empty wallet) does not stop the others; the screen shows each answer.
 */

export type ApprovalResult =
  | { id: string; ok: true; request: StockRequest }
  | { id: string; ok: false; error: unknown };

export async function approveEach(
  ids: readonly string[],
  keys: StoredKeys,
  approve: (id: string, key: string) => Promise<StockRequest>,
  onResult: (result: ApprovalResult) => void = () => {},
): Promise<ApprovalResult[]> {
  const results: ApprovalResult[] = [];
  for (const id of ids) {
    let result: ApprovalResult;
    try {
      const request = await keys.send(`approve:${id}`, (key) => approve(id, key));
      result = { id, ok: true, request };
    } catch (error) {
      result = { id, ok: false, error };
    }
    results.push(result);
    onResult(result);
  }
  return results;
}
