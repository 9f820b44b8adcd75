import { type ErrorCode, socketHandshake } from '../../shared/protocol.ts';
import { locale, t } from '../i18n/locale.ts';

/** Why a connection did not come up: the server's refusal code, or `UNREACHABLE` (this page's own, never sent). */
export type RefusalCode = ErrorCode | 'UNREACHABLE';

/** The server's refusal of a handshake (`connect_error` with `data.code`), or a connection that never came up. */
export class SignalingRefusedError extends Error {
  constructor(
    /** `UNAUTHENTICATED`, `FORBIDDEN`, `PROTOCOL_MISMATCH`…; `UNREACHABLE` when the server did not answer. */
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignalingRefusedError';
  }

  static from(err: Error & { data?: unknown }): SignalingRefusedError {
    const data = socketHandshake.refusal.safeParse(err.data);
    if (data.success) return new SignalingRefusedError(data.data.code, locale.error(data.data));
    return new SignalingRefusedError('UNREACHABLE', t('api.unreachable'));
  }
}
