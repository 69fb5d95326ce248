// The workflow actions as the detail page offers them: their order, which open a dialog, their labels.
import { type MessageKey, t } from '../../i18n';

/** Actions that need something typed or chosen first open the dialog; the others run at once. */
export const NEEDS_DIALOG = new Set(['assign', 'hold', 'resolve', 'reject', 'reopen', 'reroute']);
export const ORDER = ['accept', 'assign', 'start', 'hold', 'resume', 'resolve', 'reroute', 'reject', 'close', 'reopen'];

export function actionLabel(a: string): string {
  return t(`birim.action.${a}` as MessageKey) || a;
}
