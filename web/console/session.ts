import { ApiError, api } from '../shared/api';
import type { LoginAnswer, Profile } from '../shared/types';

/** Who may use the console (DESIGN 10): staff by email, distributors by phone and PIN. */
export const CONSOLE_ROLES = ['distributor', 'manager', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export interface ConsoleSession {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken: string;
  userId: string;
  role: ConsoleRole;
  name: string;
  /**
   * The zone the caller's days count in (GET /me: its region's, else the deployment's
   * TIMEZONE, DESIGN 8), for "today" on the screens. Absent in a session stored before it.
   */
  timeZone?: string | undefined;
}

export type Credentials = { email: string; password: string } | { phone: string; pin: string };

export const isConsoleRole = (role: string): role is ConsoleRole =>
  (CONSOLE_ROLES as readonly string[]).includes(role);

/** POST /auth/login; a retailer is refused here (its app is the shop's, at /). */
export async function consoleLogIn(credentials: Credentials): Promise<ConsoleSession> {
  const answer = await api<LoginAnswer>('/auth/login', { method: 'POST', body: credentials });
  if (!isConsoleRole(answer.user.role)) {
    throw new ApiError(403, 'not_staff', 'The console is for staff and distributors');
  }
  return {
    token: answer.token,
    expiresAt: Date.parse(answer.expires_at),
    refreshToken: answer.refresh_token,
    userId: answer.user.id,
    role: answer.user.role,
    name: answer.user.name,
    timeZone: await zoneOf(answer.token),
  };
}

/** The caller's day zone from GET /me; undefined when it cannot be read now. */
export async function zoneOf(token: string): Promise<string | undefined> {
  try {
    return (await api<Profile>('/me', { token })).timezone;
  } catch {
    return undefined;
  }
}
